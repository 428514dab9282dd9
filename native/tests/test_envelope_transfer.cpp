// tts_envelope_transfer on the CPU: identity at strength 0, the long-term envelope moving to
// the target at strength 1 (measured by analysing the output), loudness, the peak limiter.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "check.h"
#include "pcm16_render.h"
#include "voices.h"

namespace {

constexpr int32_t kRate = TTS_ANALYSIS_RATE;

struct Batch {
    std::vector<float> samples;
    std::vector<int64_t> offsets{0};
    void add(const std::vector<float>& clip) {
        samples.insert(samples.end(), clip.begin(), clip.end());
        offsets.push_back(int64_t(samples.size()));
    }
    int32_t clips() const { return int32_t(offsets.size()) - 1; }
};

std::vector<float> render(tts_context* ctx, const Batch& b, int32_t rate, const float* target,
                          float strength, float loudness) {
    std::vector<float> out(b.samples.size(), 7.0f);
    CHECK_OK(tts_envelope_transfer(ctx, b.samples.data(), b.offsets.data(), b.clips(), rate, target,
                                   strength, loudness, out.data()));
    return out;
}

tts_voice_profile analyze(tts_context* ctx, const float* x, int64_t n) {
    tts_voice_profile p;
    std::memset(&p, 0, sizeof p);
    CHECK_OK(tts_analyze_voice(ctx, x, n, &p));
    return p;
}

// Mean |a - b| over the grid points (dB).
double distance(const float* a, const float* b) {
    double s = 0;
    for (int32_t i = 0; i < TTS_ENVELOPE_POINTS; ++i) {
        s += std::fabs(double(a[i]) - b[i]);
    }
    return s / TTS_ENVELOPE_POINTS;
}

// Another speaker at the pitch the service calibrates the engine to (cepstral envelopes of
// voices far apart in F0 differ in level by the depth of the valleys between harmonics).
voices::Voice other_voice() {
    voices::Voice v;
    v.formants[0] = 450, v.formants[1] = 1700, v.formants[2] = 3000;
    v.wobble_hz = 1.7, v.seed = 5, v.amplitude = 0.12;
    return v;
}

void identity_at_strength_zero(tts_context* ctx) {
    const float flat[TTS_ENVELOPE_POINTS] = {};
    double worst = 0;
    for (int32_t rate : {8000, 16000, 22050, 24000, 44100, 48000}) {
        Batch b;
        for (int64_t n : {int64_t(rate), int64_t(0), int64_t(1), int64_t(5), int64_t(777)}) {
            b.add(voices::make_voice(voices::Voice{}, n, rate));
        }
        const std::vector<float> out = render(ctx, b, rate, flat, 0.0f, NAN);
        double diff = 0, scale = 0;
        for (size_t i = 0; i < out.size(); ++i) {
            diff = std::max(diff, std::fabs(double(out[i]) - b.samples[i]));
            scale = std::max(scale, std::fabs(double(b.samples[i])));
        }
        worst = std::max(worst, diff / scale);
    }
    std::printf("strength 0: max relative difference from the input %.3g (8..48 kHz)\n", worst);
    CHECK(worst < 1e-4);
}

// Voice A rendered toward voice B's envelope at rate, analysed again at 16 kHz.
void moves_toward_target(tts_context* ctx, int32_t rate) {
    const std::vector<float> b16 = voices::make_voice(other_voice(), 3 * kRate, kRate);
    const tts_voice_profile target = analyze(ctx, b16.data(), int64_t(b16.size()));
    Batch a;
    a.add(voices::make_voice(voices::Voice{}, 3 * rate, rate));
    a.add(voices::make_voice(voices::Voice{}, rate / 2, rate));
    double before = 0, half = 0, after = 0;
    for (float strength : {0.0f, 0.5f, 1.0f}) {
        const std::vector<float> out =
            render(ctx, a, rate, target.envelope_db, strength, target.loudness_dbfs);
        int64_t n16 = 0;
        CHECK_OK(tts_resample_length(rate, kRate, a.offsets[1], &n16));
        std::vector<float> y(static_cast<size_t>(n16));
        const int64_t in_off[2] = {0, a.offsets[1]}, out_off[2] = {0, n16};
        CHECK_OK(tts_resample(ctx, out.data(), in_off, 1, rate, kRate, y.data(), out_off));
        const tts_voice_profile p = analyze(ctx, y.data(), n16);
        const double d = distance(p.envelope_db, target.envelope_db);
        (strength == 0.0f ? before : strength == 1.0f ? after : half) = d;
        if (strength > 0.0f) {
            CHECK(std::fabs(p.loudness_dbfs - target.loudness_dbfs) < 0.5f);
        }
    }
    std::printf(
        "envelope transfer at %d Hz: mean |envelope - target| %.2f dB -> %.2f dB "
        "(strength 0.5) -> %.2f dB (strength 1), drop %.0f%%\n",
        rate, before, half, after, 100 * (1 - after / before));
    CHECK(after < 0.5 * before);
    CHECK(half < before && half > after);
}

void limiter(tts_context* ctx) {
    const float flat[TTS_ENVELOPE_POINTS] = {};
    Batch b;
    voices::Voice loud;
    loud.amplitude = 0.9;
    b.add(voices::make_voice(loud, kRate, kRate));
    const std::vector<float> out = render(ctx, b, kRate, flat, 0.0f, -3.0f);
    float peak = 0;
    for (float v : out) {
        peak = std::max(peak, std::fabs(v));
    }
    const tts_voice_profile p = analyze(ctx, out.data(), int64_t(out.size()));
    std::printf(
        "limiter: target -3 dBFS on a crest-factor voice -> peak %.4f, loudness %.2f dBFS\n", peak,
        p.loudness_dbfs);
    CHECK(peak <= 1.0f);
    CHECK(peak > 0.9f);
}

void contract(tts_context* ctx) {
    const float env[TTS_ENVELOPE_POINTS] = {};
    float x[16] = {}, y[16];
    const int64_t off[2] = {0, 16};
    const int64_t bad[2] = {3, 16};
    CHECK_STATUS(tts_envelope_transfer(ctx, x, bad, 1, 16000, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_OK(tts_envelope_transfer(ctx, x, off, 1, 16000, env, 0.5f, -20.0f, y));
    CHECK_STATUS(tts_envelope_transfer(nullptr, x, off, 1, 16000, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer(ctx, x, off, 1, 7999, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer(ctx, x, off, 1, 96000, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer(ctx, x, off, 1, 16000, nullptr, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer(ctx, x, off, 1, 16000, env, 1.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer(ctx, x, off, 1, 16000, env, NAN, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer(ctx, x, off, 1, 16000, env, 0.5f, 3.0f, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer(ctx, x, nullptr, 1, 16000, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer(ctx, x, off, -1, 16000, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer(ctx, x, off, 1, 16000, env, 0.5f, NAN, nullptr),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_OK(tts_envelope_transfer(ctx, nullptr, off, 0, 16000, env, 0.5f, NAN, nullptr));
    float nan_env[TTS_ENVELOPE_POINTS] = {};
    nan_env[3] = NAN;
    CHECK_STATUS(tts_envelope_transfer(ctx, x, off, 1, 16000, nan_env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    // Silence stays silence at any target (no active frames: gain 1).
    CHECK_OK(tts_envelope_transfer(ctx, x, off, 1, 16000, env, 1.0f, -20.0f, y));
    CHECK(std::all_of(y, y + 16, [](float v) { return v == 0.0f; }));
}

// tts_envelope_transfer_pcm16 against the three-step path on random batches: the same bits.
void pcm16_matches_three_steps(tts_context* ctx) {
    const uint64_t seed = uint64_t(std::chrono::system_clock::now().time_since_epoch().count());
    std::mt19937_64 rng(seed);
    std::printf("pcm16 render: seed %llu\n", (unsigned long long)seed);
    const std::vector<float> ref = voices::make_voice(other_voice(), 2 * kRate, kRate);
    const tts_voice_profile target = analyze(ctx, ref.data(), int64_t(ref.size()));
    int64_t samples = 0, differing = 0;
    for (int32_t rate : {8000, 16000, 22050, 24000, 48000}) {
        std::vector<int16_t> in;
        std::vector<int64_t> offsets{0};
        std::uniform_int_distribution<int64_t> length(1, int64_t(rate));
        std::uniform_int_distribution<int32_t> noise(-32768, 32767);
        for (int32_t i = 0; i < 8; ++i) {
            const int64_t n = i == 3 ? 0 : (i == 5 ? 7 : length(rng));
            std::vector<int16_t> clip;
            if (i == 6) {  // full-scale noise: the limiter acts
                clip.resize(size_t(n));
                for (int16_t& v : clip) {
                    v = int16_t(noise(rng));
                }
            } else {
                voices::Voice v;
                v.seed = uint32_t(rng()), v.amplitude = i == 1 ? 1.2 : 0.25;
                clip = pcm16_render::quantize(voices::make_voice(v, n, rate), rng);
            }
            in.insert(in.end(), clip.begin(), clip.end());
            offsets.push_back(int64_t(in.size()));
        }
        const float strength = std::uniform_real_distribution<float>(0.0f, 1.0f)(rng);
        for (float loudness : {NAN, -3.0f}) {
            std::vector<int16_t> expected, actual(in.size(), 7);
            CHECK_OK(pcm16_render::three_steps(ctx, in, offsets, rate, target.envelope_db, strength,
                                               loudness, expected));
            CHECK_OK(tts_envelope_transfer_pcm16(ctx, in.data(), offsets.data(), 8, rate,
                                                 target.envelope_db, strength, loudness,
                                                 actual.data()));
            for (size_t i = 0; i < in.size(); ++i) {
                differing += expected[i] != actual[i];
            }
            samples += int64_t(in.size());
            // out may equal in
            std::vector<int16_t> same = in;
            CHECK_OK(tts_envelope_transfer_pcm16(ctx, same.data(), offsets.data(), 8, rate,
                                                 target.envelope_db, strength, loudness,
                                                 same.data()));
            CHECK(same == expected);
        }
    }
    std::printf("pcm16 render: %lld of %lld samples differ from the three-step path\n",
                (long long)differing, (long long)samples);
    CHECK(differing == 0);
}

void pcm16_contract(tts_context* ctx) {
    const float env[TTS_ENVELOPE_POINTS] = {};
    int16_t x[16] = {}, y[16];
    const int64_t off[2] = {0, 16};
    const int64_t bad[2] = {3, 16};
    CHECK_STATUS(tts_envelope_transfer_pcm16(ctx, x, bad, 1, 16000, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer_pcm16(nullptr, x, off, 1, 16000, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK(std::strstr(tts_last_error(), "tts_envelope_transfer_pcm16") != nullptr);
    CHECK_STATUS(tts_envelope_transfer_pcm16(ctx, x, off, 1, 7999, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer_pcm16(ctx, x, off, 1, 16000, nullptr, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer_pcm16(ctx, x, off, 1, 16000, env, -0.1f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer_pcm16(ctx, x, off, 1, 16000, env, 0.5f, 1.0f, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer_pcm16(ctx, nullptr, off, 1, 16000, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer_pcm16(ctx, x, off, -1, 16000, env, 0.5f, NAN, y),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_envelope_transfer_pcm16(ctx, x, off, 1, 16000, env, 0.5f, NAN, nullptr),
                 TTS_ERR_INVALID_ARGUMENT);
    CHECK_OK(tts_envelope_transfer_pcm16(ctx, nullptr, off, 0, 16000, env, 0.5f, NAN, nullptr));
    CHECK_OK(tts_envelope_transfer_pcm16(ctx, x, off, 1, 16000, env, 1.0f, -20.0f, y));
    CHECK(std::all_of(y, y + 16, [](int16_t v) { return v == 0; }));
}

}  // namespace

int main() {
    tts_context* ctx = nullptr;
    CHECK_OK(tts_context_create(TTS_BACKEND_CPU, &ctx));
    identity_at_strength_zero(ctx);
    moves_toward_target(ctx, 16000);
    moves_toward_target(ctx, 22050);
    moves_toward_target(ctx, 48000);
    limiter(ctx);
    contract(ctx);
    pcm16_matches_three_steps(ctx);
    pcm16_contract(ctx);
    tts_context_destroy(ctx);
    return check::finish("test_envelope_transfer");
}
