// The spectral building blocks: FFT, STFT power, log-mel, YIN.
#include <cmath>

#include "api/context.h"
#include "api/error.h"
#include "api/validate.h"
#include "common/spectral.h"
#include "cpu/ops.h"
#include "ttsnative.h"

namespace {

bool on_cuda(const tts_context* context) { return context->backend == TTS_BACKEND_CUDA; }

// Context and audio of n samples; *frames receives the analysis frame count.
int32_t check_audio(const tts_context* context, const float* audio, int64_t n, int32_t* frames) {
    if (int32_t s = tts::check_context(context)) {
        return s;
    }
    if (int32_t s = tts::check_buffer(audio, n, "audio")) {
        return s;
    }
    return tts::check_frames(n, frames);
}

}  // namespace

extern "C" {

TTS_API int32_t tts_fft(tts_context* context, const float* in, int32_t n, int32_t batch,
                        int32_t inverse, float* out) {
    return tts::guarded("tts_fft", [&] {
        if (int32_t s = tts::check_context(context)) {
            return s;
        }
        if (n < 2 || n > TTS_FFT_MAX || (n & (n - 1)) != 0) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT, "n = %d is not a power of two in 2..%d", n,
                             TTS_FFT_MAX);
        }
        if (batch < 0) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT, "batch is negative (%d)", batch);
        }
        if (inverse != 0 && inverse != 1) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT, "inverse must be 0 or 1 (got %d)", inverse);
        }
        const int64_t floats = int64_t(n) * 2 * batch;
        if (int32_t s = tts::check_buffer(in, floats, "in")) {
            return s;
        }
        if (int32_t s = tts::check_buffer(out, floats, "out")) {
            return s;
        }
        if (floats == 0) {
            return TTS_OK;
        }
        if (on_cuda(context)) {
            return tts::cuda::fft(context->device, in, n, batch, inverse == 1, out);
        }
        tts::cpu::fft(in, n, batch, inverse == 1, out);
        return TTS_OK;
    });
}

TTS_API int32_t tts_stft_frames(int64_t n_samples, int32_t* out_frames) {
    return tts::guarded("tts_stft_frames", [&] {
        if (n_samples < 0 || n_samples > tts::kMaxSamples) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT, "n_samples %lld is outside 0..%lld",
                             (long long)n_samples, (long long)tts::kMaxSamples);
        }
        if (int32_t s = tts::check_not_null(out_frames, "out_frames")) {
            return s;
        }
        return tts::check_frames(n_samples, out_frames);
    });
}

TTS_API int32_t tts_stft_power(tts_context* context, const float* audio, int64_t n,
                               float* out_power) {
    return tts::guarded("tts_stft_power", [&] {
        int32_t frames = 0;
        if (int32_t s = check_audio(context, audio, n, &frames)) {
            return s;
        }
        if (int32_t s = tts::check_buffer(out_power, int64_t(frames) * tts::kBins, "out_power")) {
            return s;
        }
        if (frames == 0) {
            return TTS_OK;
        }
        if (on_cuda(context)) {
            return tts::cuda::stft_power(context->device, audio, n, out_power);
        }
        tts::cpu::stft_power(audio, n, out_power);
        return TTS_OK;
    });
}

TTS_API int32_t tts_log_mel(tts_context* context, const float* power, int32_t frames, float* out) {
    return tts::guarded("tts_log_mel", [&] {
        if (int32_t s = tts::check_context(context)) {
            return s;
        }
        if (frames < 0) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT, "frames is negative (%d)", frames);
        }
        if (int32_t s = tts::check_buffer(power, int64_t(frames) * tts::kBins, "power")) {
            return s;
        }
        if (int32_t s = tts::check_buffer(out, int64_t(frames) * tts::kMelBands, "out")) {
            return s;
        }
        if (frames == 0) {
            return TTS_OK;
        }
        if (on_cuda(context)) {
            return tts::cuda::log_mel(context->device, power, frames, out);
        }
        tts::cpu::log_mel(power, frames, out);
        return TTS_OK;
    });
}

TTS_API int32_t tts_yin(tts_context* context, const float* audio, int64_t n, float fmin, float fmax,
                        float* out_f0, float* out_confidence) {
    return tts::guarded("tts_yin", [&] {
        int32_t frames = 0;
        if (int32_t s = check_audio(context, audio, n, &frames)) {
            return s;
        }
        if (!(fmin >= TTS_YIN_MIN_HZ && fmin < fmax && fmax <= TTS_YIN_MAX_HZ)) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT,
                             "need %d <= fmin < fmax <= %d Hz (got fmin %g, fmax %g)",
                             TTS_YIN_MIN_HZ, TTS_YIN_MAX_HZ, double(fmin), double(fmax));
        }
        if (int32_t s = tts::check_buffer(out_f0, frames, "out_f0")) {
            return s;
        }
        if (int32_t s = tts::check_buffer(out_confidence, frames, "out_confidence")) {
            return s;
        }
        if (frames == 0) {
            return TTS_OK;
        }
        if (on_cuda(context)) {
            return tts::cuda::yin(context->device, audio, n, fmin, fmax, out_f0, out_confidence);
        }
        tts::cpu::yin(audio, n, fmin, fmax, out_f0, out_confidence);
        return TTS_OK;
    });
}

}  // extern "C"
