// The raw C ABI contract: every misuse returns its documented code and leaves a message.
#include <cmath>
#include <cstring>
#include <string>
#include <thread>

#include "check.h"

namespace {

bool has_message() { return tts_last_error() != nullptr && tts_last_error()[0] != '\0'; }

bool message_mentions(const char* text) { return std::strstr(tts_last_error(), text) != nullptr; }

#define CHECK_INVALID(call)                           \
    do {                                              \
        CHECK_STATUS(call, TTS_ERR_INVALID_ARGUMENT); \
        CHECK(has_message());                         \
    } while (0)

void library_queries() {
    CHECK(tts_last_error() != nullptr);
    int32_t value = -1;
    CHECK_OK(tts_version(&value));
    CHECK(value >= 100);
    CHECK_OK(tts_cuda_compiled(&value));
    CHECK(value == 0 || value == 1);
    CHECK_OK(tts_cuda_device_count(&value));
    CHECK(value >= 0);
    CHECK_INVALID(tts_version(nullptr));
    CHECK(message_mentions("tts_version"));
    CHECK_INVALID(tts_cuda_compiled(nullptr));
    CHECK_INVALID(tts_cuda_device_count(nullptr));
}

void context_lifetime() {
    tts_context* context = reinterpret_cast<tts_context*>(0x1);
    CHECK_INVALID(tts_context_create(7, &context));
    CHECK(context == nullptr);
    CHECK(message_mentions("backend 7"));
    CHECK_INVALID(tts_context_create(-1, &context));
    CHECK_INVALID(tts_context_create(TTS_BACKEND_CPU, nullptr));
    CHECK_OK(tts_context_destroy(nullptr));

    int32_t compiled = 0;
    int32_t devices = 0;
    tts_cuda_compiled(&compiled);
    tts_cuda_device_count(&devices);
    const int32_t status = tts_context_create(TTS_BACKEND_CUDA, &context);
    if (!compiled) {
        CHECK(status == TTS_ERR_UNSUPPORTED);
    } else if (devices == 0) {
        CHECK(status == TTS_ERR_DEVICE);
    } else {
        CHECK(status == TTS_OK);
    }
    CHECK(status == TTS_OK ? context != nullptr : (context == nullptr && has_message()));
    tts_context_destroy(context);

    CHECK_OK(tts_context_create(TTS_BACKEND_AUTO, &context));
    int32_t backend = -1;
    CHECK_OK(tts_context_backend(context, &backend));
    // CUDA needs a device and a passing probe (test_probe covers the choice in detail).
    CHECK(backend == TTS_BACKEND_CPU || (backend == TTS_BACKEND_CUDA && devices > 0));
    char reason[512];
    CHECK_OK(tts_context_fallback_reason(context, reason, sizeof reason));
    CHECK((backend == TTS_BACKEND_CPU) == (reason[0] != '\0'));
    CHECK_OK(tts_context_fallback_reason(context, reason, 1));
    CHECK(reason[0] == '\0');
    CHECK_INVALID(tts_context_fallback_reason(context, reason, 0));
    CHECK(message_mentions("capacity"));
    CHECK_INVALID(tts_context_fallback_reason(context, nullptr, 16));
    CHECK(message_mentions("buffer is NULL"));
    tts_context_destroy(context);
    CHECK_INVALID(tts_context_fallback_reason(nullptr, reason, sizeof reason));
    CHECK(message_mentions("tts_context_fallback_reason"));

    CHECK_INVALID(tts_context_backend(nullptr, &backend));
    CHECK(message_mentions("context is NULL"));
    char text[64];
    CHECK_INVALID(tts_context_describe(nullptr, text, sizeof text));
}

void elementwise(tts_context* cpu) {
    int16_t pcm[4] = {1, 2, 3, 4};
    float f[4] = {0, 0, 0, 0};
    uint8_t bytes[4];
    CHECK_INVALID(tts_pcm16_to_float(nullptr, pcm, 4, 1.0f, f));
    CHECK_INVALID(tts_pcm16_to_float(cpu, nullptr, 4, 1.0f, f));
    CHECK(message_mentions("in is NULL"));
    CHECK_INVALID(tts_pcm16_to_float(cpu, pcm, 4, 1.0f, nullptr));
    CHECK_INVALID(tts_pcm16_to_float(cpu, pcm, -1, 1.0f, f));
    CHECK(message_mentions("negative"));
    CHECK_INVALID(tts_pcm16_to_float(cpu, pcm, 4, NAN, f));
    CHECK_INVALID(tts_float_to_pcm16(nullptr, f, 4, 1.0f, pcm));
    CHECK_INVALID(tts_float_to_pcm16(cpu, f, -5, 1.0f, pcm));
    CHECK_INVALID(tts_float_to_pcm16(cpu, f, 4, INFINITY, pcm));
    CHECK_INVALID(tts_mulaw_encode(nullptr, pcm, 4, bytes));
    CHECK_INVALID(tts_mulaw_encode(cpu, pcm, 4, nullptr));
    CHECK_INVALID(tts_mulaw_encode(cpu, pcm, -1, bytes));
    CHECK_INVALID(tts_alaw_encode(nullptr, pcm, 4, bytes));
    CHECK_INVALID(tts_alaw_encode(cpu, pcm, 4, nullptr));
    CHECK_INVALID(tts_alaw_encode(cpu, pcm, -1, bytes));
    // Empty buffers may be NULL (an empty span marshals to NULL).
    CHECK_OK(tts_pcm16_to_float(cpu, nullptr, 0, 1.0f, nullptr));
    CHECK_OK(tts_mulaw_encode(cpu, nullptr, 0, nullptr));
    CHECK_OK(tts_alaw_encode(cpu, nullptr, 0, nullptr));
}

void resampling(tts_context* cpu) {
    int64_t length = 0;
    CHECK_INVALID(tts_resample_length(7999, 16000, 10, &length));
    CHECK(message_mentions("in_rate 7999"));
    CHECK_INVALID(tts_resample_length(16000, 192001, 10, &length));
    CHECK_INVALID(tts_resample_length(8000, 191999, 10, &length));
    CHECK(message_mentions("factors above"));
    CHECK_INVALID(tts_resample_length(16000, 8000, -1, &length));
    CHECK_INVALID(tts_resample_length(16000, 8000, 10, nullptr));

    float in[8] = {0};
    float out[16] = {0};
    const int64_t in_offsets[3] = {0, 4, 8};
    const int64_t out_offsets[3] = {0, 8, 16};
    const int64_t bad_start[3] = {1, 4, 8};
    const int64_t decreasing[3] = {0, 6, 4};
    const int64_t wrong_out[3] = {0, 7, 16};
    CHECK_OK(tts_resample(cpu, in, in_offsets, 2, 8000, 16000, out, out_offsets));
    CHECK_INVALID(tts_resample(nullptr, in, in_offsets, 2, 8000, 16000, out, out_offsets));
    CHECK_INVALID(tts_resample(cpu, nullptr, in_offsets, 2, 8000, 16000, out, out_offsets));
    CHECK_INVALID(tts_resample(cpu, in, nullptr, 2, 8000, 16000, out, out_offsets));
    CHECK_INVALID(tts_resample(cpu, in, in_offsets, -1, 8000, 16000, out, out_offsets));
    CHECK(message_mentions("batch is negative"));
    CHECK_INVALID(tts_resample(cpu, in, bad_start, 2, 8000, 16000, out, out_offsets));
    CHECK(message_mentions("in_offsets[0]"));
    CHECK_INVALID(tts_resample(cpu, in, decreasing, 2, 8000, 16000, out, out_offsets));
    CHECK(message_mentions("must not decrease"));
    CHECK_INVALID(tts_resample(cpu, in, in_offsets, 2, 8000, 16000, out, wrong_out));
    CHECK(message_mentions("out_offsets[1]"));
    CHECK_INVALID(tts_resample(cpu, in, in_offsets, 2, 8000, 16000, out, nullptr));
    CHECK_INVALID(tts_resample(cpu, in, in_offsets, 2, 8000, 250000, out, out_offsets));
    CHECK_OK(tts_resample(cpu, nullptr, in_offsets, 0, 8000, 16000, nullptr, out_offsets));
}

void output_stage(tts_context* cpu) {
    int16_t in[8] = {0};
    uint8_t out[64];
    const int64_t in_offsets[3] = {0, 4, 8};
    int64_t out_offsets[3] = {0, 0, 0};
    CHECK_INVALID(tts_output_stage_size(16000, 8000, 0, in_offsets, 2, out_offsets));
    CHECK(message_mentions("encoding 0"));
    CHECK_INVALID(tts_output_stage_size(16000, 8000, 4, in_offsets, 2, out_offsets));
    CHECK_INVALID(tts_output_stage_size(16000, 100, 1, in_offsets, 2, out_offsets));
    CHECK_INVALID(tts_output_stage_size(16000, 8000, 1, in_offsets, -2, out_offsets));
    CHECK_INVALID(tts_output_stage_size(16000, 8000, 1, in_offsets, 2, nullptr));
    CHECK_OK(tts_output_stage_size(16000, 32000, TTS_ENCODING_FLOAT32, in_offsets, 2, out_offsets));
    CHECK(out_offsets[1] == 32 && out_offsets[2] == 64);
    CHECK_OK(tts_output_stage(cpu, in, in_offsets, 2, 16000, 32000, 1.0f, TTS_ENCODING_FLOAT32, out,
                              out_offsets));
    CHECK_INVALID(tts_output_stage(cpu, in, in_offsets, 2, 16000, 32000, 1.0f, TTS_ENCODING_MULAW,
                                   out, out_offsets));
    CHECK_INVALID(
        tts_output_stage(cpu, in, in_offsets, 2, 16000, 32000, 1.0f, 9, out, out_offsets));
    CHECK_INVALID(tts_output_stage(nullptr, in, in_offsets, 2, 16000, 32000, 1.0f,
                                   TTS_ENCODING_FLOAT32, out, out_offsets));
    CHECK_INVALID(tts_output_stage(cpu, in, in_offsets, 2, 16000, 32000, 1.0f, TTS_ENCODING_FLOAT32,
                                   nullptr, out_offsets));
    CHECK_OK(tts_output_stage_size(16000, 32000, TTS_ENCODING_ALAW, in_offsets, 2, out_offsets));
    CHECK(out_offsets[1] == 8 && out_offsets[2] == 16);
    CHECK_OK(tts_output_stage(cpu, in, in_offsets, 2, 16000, 32000, 1.0f, TTS_ENCODING_ALAW, out,
                              out_offsets));
    CHECK(out[0] == 0xD5 && out[15] == 0xD5);  // silence
}

void analysis(tts_context* cpu) {
    float audio[800] = {0};
    float power[3 * TTS_ANALYSIS_BINS];
    float mel[3 * TTS_MEL_BANDS];
    float f0[3], conf[3];
    tts_voice_profile profile;
    CHECK(sizeof(tts_voice_profile) == 1700);
    CHECK_OK(tts_stft_power(cpu, audio, 800, power));
    CHECK_OK(tts_stft_power(cpu, nullptr, 0, nullptr));
    CHECK_INVALID(tts_stft_power(nullptr, audio, 800, power));
    CHECK_INVALID(tts_stft_power(cpu, audio, -1, power));
    CHECK_INVALID(tts_stft_power(cpu, audio, 800, nullptr));
    CHECK(message_mentions("out_power is NULL"));
    CHECK_OK(tts_log_mel(cpu, power, 3, mel));
    CHECK_INVALID(tts_log_mel(cpu, power, -3, mel));
    CHECK_INVALID(tts_log_mel(cpu, nullptr, 3, mel));
    CHECK_OK(tts_yin(cpu, audio, 800, 50.0f, 500.0f, f0, conf));
    CHECK_INVALID(tts_yin(cpu, audio, 800, 50.0f, 500.0f, f0, nullptr));
    CHECK_INVALID(tts_yin(cpu, audio, 800, 500.0f, 50.0f, f0, conf));
    CHECK(message_mentions("fmin"));
    CHECK_INVALID(tts_analyze_voice(cpu, audio, 800, &profile));  // silence
    CHECK(message_mentions("no active speech"));
    CHECK_INVALID(tts_analyze_voice(cpu, audio, 100, &profile));
    CHECK_INVALID(tts_analyze_voice(cpu, nullptr, 800, &profile));
    CHECK_INVALID(tts_fft(cpu, audio, 6, 1, 0, audio));
    CHECK(message_mentions("power of two"));
}

void errors_are_per_thread_and_sticky(tts_context* cpu) {
    CHECK_INVALID(tts_mulaw_encode(cpu, nullptr, 3, nullptr));
    const std::string before = tts_last_error();
    int16_t pcm[2] = {0, 1};
    uint8_t code[2];
    CHECK_OK(tts_mulaw_encode(cpu, pcm, 2, code));
    CHECK(code[0] == 0xFF);
    CHECK(before == tts_last_error());  // kept until the next failure
    std::string other;
    std::thread([&] {
        other = tts_last_error();
        tts_version(nullptr);
    }).join();
    CHECK(other.empty());
    CHECK(before == tts_last_error());
}

}  // namespace

int main() {
    library_queries();
    context_lifetime();
    tts_context* cpu = nullptr;
    CHECK_OK(tts_context_create(TTS_BACKEND_CPU, &cpu));
    char text[64];
    CHECK_OK(tts_context_describe(cpu, text, sizeof text));
    CHECK(std::string(text) == "cpu");
    CHECK_OK(tts_context_describe(cpu, text, 2));
    CHECK(std::string(text) == "c");
    CHECK_INVALID(tts_context_describe(cpu, text, 0));
    CHECK_OK(tts_context_fallback_reason(cpu, text, sizeof text));
    CHECK(std::string(text).empty());  // the CPU was asked for: no fallback
    elementwise(cpu);
    resampling(cpu);
    output_stage(cpu);
    analysis(cpu);
    errors_are_per_thread_and_sticky(cpu);
    CHECK_OK(tts_context_destroy(cpu));
    return check::finish("test_abi");
}
