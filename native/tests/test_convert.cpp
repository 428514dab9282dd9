// pcm16 <-> float conversions: exact scaling, round trips, clamping, round half to even.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "check.h"

namespace {

int16_t to_pcm16(tts_context* context, float x, float gain = 1.0f) {
    int16_t out = 12345;
    CHECK_OK(tts_float_to_pcm16(context, &x, 1, gain, &out));
    return out;
}

void every_pcm16_round_trips(tts_context* context) {
    std::vector<int16_t> pcm(65536);
    for (int32_t i = 0; i < 65536; ++i) {
        pcm[size_t(i)] = int16_t(i - 32768);
    }
    std::vector<float> f(pcm.size());
    std::vector<int16_t> back(pcm.size());
    for (float gain : {1.0f, 0.5f, 2.0f, 0.1f}) {
        CHECK_OK(tts_pcm16_to_float(context, pcm.data(), int64_t(pcm.size()), gain, f.data()));
        int wrong = 0;
        for (size_t i = 0; i < pcm.size(); ++i) {
            // gain / 32768 is exact, so the product rounds exactly once.
            wrong += f[i] != float(pcm[i]) * (gain / 32768.0f);
        }
        CHECK(wrong == 0);
    }
    CHECK_OK(tts_pcm16_to_float(context, pcm.data(), int64_t(pcm.size()), 1.0f, f.data()));
    CHECK(f.front() == -1.0f && f[32768] == 0.0f && f.back() == 32767.0f / 32768.0f);
    CHECK_OK(tts_float_to_pcm16(context, f.data(), int64_t(f.size()), 1.0f, back.data()));
    CHECK(back == pcm);
}

void clamps(tts_context* context) {
    CHECK(to_pcm16(context, 1.0f) == 32767);
    CHECK(to_pcm16(context, -1.0f) == -32768);
    CHECK(to_pcm16(context, 2.0f) == 32767);
    CHECK(to_pcm16(context, -5.0f) == -32768);
    CHECK(to_pcm16(context, 1e30f) == 32767);
    CHECK(to_pcm16(context, std::numeric_limits<float>::infinity()) == 32767);
    CHECK(to_pcm16(context, -std::numeric_limits<float>::infinity()) == -32768);
    CHECK(to_pcm16(context, std::numeric_limits<float>::quiet_NaN()) == 0);
    CHECK(to_pcm16(context, 0.75f, 2.0f) == 32767);
}

void rounds_half_to_even(tts_context* context) {
    const float lsb = 1.0f / 32768.0f;
    CHECK(to_pcm16(context, 0.5f * lsb) == 0);
    CHECK(to_pcm16(context, 1.5f * lsb) == 2);
    CHECK(to_pcm16(context, 2.5f * lsb) == 2);
    CHECK(to_pcm16(context, 3.5f * lsb) == 4);
    CHECK(to_pcm16(context, -0.5f * lsb) == 0);
    CHECK(to_pcm16(context, -1.5f * lsb) == -2);
    CHECK(to_pcm16(context, -2.5f * lsb) == -2);
    CHECK(to_pcm16(context, 32766.5f * lsb) == 32766);
    CHECK(to_pcm16(context, -32767.5f * lsb) == -32768);
    CHECK(to_pcm16(context, 0.50001f * lsb) == 1);
    CHECK(to_pcm16(context, 0.25f, 2.0f) == 16384);
    CHECK(to_pcm16(context, 0.25f, 0.5f) == 4096);
}

void random_values_match_reference(tts_context* context) {
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> dist(-1.2f, 1.2f);
    std::vector<float> x(100000);
    for (float& v : x) {
        v = dist(rng);
    }
    const float gain = 0.8f;
    std::vector<int16_t> out(x.size());
    CHECK_OK(tts_float_to_pcm16(context, x.data(), int64_t(x.size()), gain, out.data()));
    int wrong = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        // Independent reference: exact double product of the float-rounded x * gain, lrint in
        // the default (half to even) rounding mode, then saturation.
        const double scaled = double(x[i] * gain) * 32768.0;
        const long r = std::lrint(scaled);
        const long expected = r > 32767 ? 32767 : (r < -32768 ? -32768 : r);
        wrong += out[i] != expected;
    }
    CHECK(wrong == 0);
}

}  // namespace

int main() {
    tts_context* context = nullptr;
    CHECK_OK(tts_context_create(TTS_BACKEND_CPU, &context));
    every_pcm16_round_trips(context);
    clamps(context);
    rounds_half_to_even(context);
    random_values_match_reference(context);
    tts_context_destroy(context);
    return check::finish("test_convert");
}
