// The analysis and render ops on a CUDA context against the CPU reference, on fresh random
// inputs and on synthetic voices. Both backends round alike, so most ops agree bit for bit;
// logarithms and powers (log-mel, envelopes, gains) may differ by an ulp or so.
// Exits 77 (skipped) when no CUDA device answers.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "check.h"
#include "cuda_pair.h"
#include "pcm16_render.h"
#include "voices.h"

namespace {

std::mt19937_64 g_rng;

std::vector<float> random_audio(size_t n, float range) {
    std::uniform_real_distribution<float> dist(-range, range);
    std::vector<float> v(n);
    for (float& x : v) {
        x = dist(g_rng);
    }
    return v;
}

void report(const char* op, double err, double limit) {
    std::printf("%-22s max relative error %.3g\n", op, err);
    CHECK(err <= limit);
}

void fft(const Contexts& c) {
    double worst = 0;
    for (int32_t n = 2; n <= TTS_FFT_MAX; n *= 2) {
        const int32_t batch = n <= 4096 ? 37 : 3;
        const std::vector<float> x = random_audio(size_t(2) * n * batch, 1.0f);
        for (int32_t inverse = 0; inverse <= 1; ++inverse) {
            std::vector<float> a(x.size()), b(x.size());
            CHECK_OK(tts_fft(c.cpu, x.data(), n, batch, inverse, a.data()));
            CHECK_OK(tts_fft(c.gpu, x.data(), n, batch, inverse, b.data()));
            worst = std::max(worst, relative_error(a.data(), b.data(), a.size()));
        }
    }
    report("fft (n 2..65536)", worst, 1e-6);
}

std::vector<float> test_voice(int64_t n) {
    voices::Voice v;
    v.seed = uint32_t(g_rng());
    std::vector<float> x = voices::make_voice(v, n, TTS_ANALYSIS_RATE);
    std::fill(x.begin(), x.begin() + n / 10, 0.0f);  // a silent stretch: inactive frames
    return x;
}

void spectral(const Contexts& c) {
    for (int pass = 0; pass < 2; ++pass) {
        const std::vector<float> x = pass == 0 ? random_audio(80000, 0.8f) : test_voice(80000);
        const char* what = pass == 0 ? "random" : "voice";
        const int64_t n = int64_t(x.size());
        int32_t frames = 0;
        CHECK_OK(tts_stft_frames(n, &frames));
        std::vector<float> pa(size_t(frames) * TTS_ANALYSIS_BINS), pb(pa.size());
        CHECK_OK(tts_stft_power(c.cpu, x.data(), n, pa.data()));
        CHECK_OK(tts_stft_power(c.gpu, x.data(), n, pb.data()));
        std::printf("(%s) ", what);
        report("stft_power", relative_error(pa.data(), pb.data(), pa.size()), 1e-6);
        std::vector<float> ma(size_t(frames) * TTS_MEL_BANDS), mb(ma.size());
        CHECK_OK(tts_log_mel(c.cpu, pa.data(), frames, ma.data()));
        CHECK_OK(tts_log_mel(c.gpu, pa.data(), frames, mb.data()));
        std::printf("(%s) ", what);
        report("log_mel", relative_error(ma.data(), mb.data(), ma.size()), 1e-5);
        std::vector<float> fa(static_cast<size_t>(frames)), fb(fa.size()), ca(fa.size());
        std::vector<float> cb(fa.size());
        CHECK_OK(tts_yin(c.cpu, x.data(), n, 50.0f, 500.0f, fa.data(), ca.data()));
        CHECK_OK(tts_yin(c.gpu, x.data(), n, 50.0f, 500.0f, fb.data(), cb.data()));
        int32_t decisions = 0;
        for (int32_t f = 0; f < frames; ++f) {
            decisions += (fa[size_t(f)] > 0) != (fb[size_t(f)] > 0);
        }
        std::printf("(%s) ", what);
        report("yin f0", relative_error(fa.data(), fb.data(), fa.size()), 1e-6);
        std::printf("(%s) ", what);
        report("yin confidence", relative_error(ca.data(), cb.data(), ca.size()), 1e-6);
        CHECK(decisions == 0);
    }
}

void analyze(const Contexts& c) {
    for (int pass = 0; pass < 2; ++pass) {
        const std::vector<float> x = pass == 0 ? random_audio(5 * TTS_ANALYSIS_RATE, 0.5f)
                                               : test_voice(5 * TTS_ANALYSIS_RATE);
        std::printf("(%s) ", pass == 0 ? "random" : "voice");
        tts_voice_profile a, b;
        std::memset(&a, 0, sizeof a);
        std::memset(&b, 0, sizeof b);
        CHECK_OK(tts_analyze_voice(c.cpu, x.data(), int64_t(x.size()), &a));
        CHECK_OK(tts_analyze_voice(c.gpu, x.data(), int64_t(x.size()), &b));
        const float sa[6] = {a.f0_median_hz, a.f0_p10_hz,  a.f0_p90_hz,
                             a.voiced_ratio, a.duration_s, a.loudness_dbfs};
        const float sb[6] = {b.f0_median_hz, b.f0_p10_hz,  b.f0_p90_hz,
                             b.voiced_ratio, b.duration_s, b.loudness_dbfs};
        report("profile scalars", relative_error(sa, sb, 6), 1e-5);
        CHECK(a.frames == b.frames && a.active_frames == b.active_frames);
        double spectra = relative_error(a.mel_mean, b.mel_mean, TTS_MEL_BANDS);
        spectra = std::max(spectra, relative_error(a.mel_std, b.mel_std, TTS_MEL_BANDS));
        spectra =
            std::max(spectra, relative_error(a.envelope_db, b.envelope_db, TTS_ENVELOPE_POINTS));
        std::printf("(%s) ", pass == 0 ? "random" : "voice");
        report("profile mel/envelope", spectra, 1e-4);
        std::printf("(%s) ", pass == 0 ? "random" : "voice");
        report("profile embedding", relative_error(a.embedding, b.embedding, TTS_EMBEDDING_DIM),
               1e-4);
    }
    tts_voice_profile s;
    const std::vector<float> silence(TTS_ANALYSIS_RATE, 0.0f);
    CHECK_STATUS(tts_analyze_voice(c.gpu, silence.data(), int64_t(silence.size()), &s),
                 TTS_ERR_INVALID_ARGUMENT);
}

// A batch of voices, noise, silence and very short clips, one of them loud enough for the
// limiter.
void render(const Contexts& c) {
    tts_voice_profile target;
    const std::vector<float> ref = test_voice(3 * TTS_ANALYSIS_RATE);
    CHECK_OK(tts_analyze_voice(c.cpu, ref.data(), int64_t(ref.size()), &target));
    double worst = 0;
    for (int32_t rate : {8000, 16000, 22050, 24000, 44100, 48000}) {
        std::vector<float> in;
        std::vector<int64_t> offsets{0};
        std::uniform_int_distribution<int64_t> length(1, 3 * int64_t(rate));
        for (int32_t i = 0; i < 12; ++i) {
            const int64_t n = i % 5 == 4 ? i % 3 : length(g_rng);
            voices::Voice v;
            v.seed = uint32_t(g_rng()), v.amplitude = i == 2 ? 1.5 : 0.3;
            const std::vector<float> clip =
                i == 7 ? random_audio(size_t(n), 0.5f) : voices::make_voice(v, n, rate);
            in.insert(in.end(), clip.begin(), clip.end());
            offsets.push_back(int64_t(in.size()));
        }
        const float strength = std::uniform_real_distribution<float>(0.2f, 1.0f)(g_rng);
        for (float loudness : {NAN, -18.0f}) {
            std::vector<float> a(in.size()), b(in.size());
            CHECK_OK(tts_envelope_transfer(c.cpu, in.data(), offsets.data(), 12, rate,
                                           target.envelope_db, strength, loudness, a.data()));
            CHECK_OK(tts_envelope_transfer(c.gpu, in.data(), offsets.data(), 12, rate,
                                           target.envelope_db, strength, loudness, b.data()));
            worst = std::max(worst, relative_error(a.data(), b.data(), a.size()));
        }
    }
    report("envelope_transfer", worst, 1e-4);
}

// The one-call int16 render on CUDA: the same bits as the three-step path on CUDA, and within
// the float render's tolerance (1e-4 of full scale, about 3 LSB) of the CPU.
void render_pcm16(const Contexts& c) {
    tts_voice_profile target;
    const std::vector<float> ref = test_voice(2 * TTS_ANALYSIS_RATE);
    CHECK_OK(tts_analyze_voice(c.cpu, ref.data(), int64_t(ref.size()), &target));
    int32_t worst_lsb = 0;
    int64_t differing = 0;
    for (int32_t rate : {8000, 22050, 48000}) {
        std::vector<int16_t> in;
        std::vector<int64_t> offsets{0};
        std::uniform_int_distribution<int64_t> length(0, 2 * int64_t(rate));
        for (int32_t i = 0; i < 16; ++i) {
            voices::Voice v;
            v.seed = uint32_t(g_rng()), v.amplitude = i == 4 ? 1.4 : 0.3;
            const std::vector<int16_t> clip =
                pcm16_render::quantize(voices::make_voice(v, length(g_rng), rate), g_rng);
            in.insert(in.end(), clip.begin(), clip.end());
            offsets.push_back(int64_t(in.size()));
        }
        const float strength = std::uniform_real_distribution<float>(0.2f, 1.0f)(g_rng);
        for (float loudness : {NAN, -18.0f}) {
            std::vector<int16_t> gpu(in.size()), cpu(in.size()), steps;
            CHECK_OK(tts_envelope_transfer_pcm16(c.gpu, in.data(), offsets.data(), 16, rate,
                                                 target.envelope_db, strength, loudness,
                                                 gpu.data()));
            CHECK_OK(tts_envelope_transfer_pcm16(c.cpu, in.data(), offsets.data(), 16, rate,
                                                 target.envelope_db, strength, loudness,
                                                 cpu.data()));
            CHECK_OK(pcm16_render::three_steps(c.gpu, in, offsets, rate, target.envelope_db,
                                               strength, loudness, steps));
            for (size_t i = 0; i < in.size(); ++i) {
                differing += gpu[i] != steps[i];
                worst_lsb = std::max(worst_lsb, std::abs(int32_t(gpu[i]) - int32_t(cpu[i])));
            }
        }
    }
    std::printf(
        "%-22s max difference from the CPU %d LSB; %lld samples differ from the "
        "three-step path on CUDA\n",
        "envelope_transfer_pcm16", worst_lsb, (long long)differing);
    CHECK(differing == 0);
    CHECK(worst_lsb <= 4);
}

}  // namespace

int main() {
    Contexts c{};
    if (const int skip = open_contexts(c, g_rng); skip != 0) {
        return skip;
    }
    fft(c);
    spectral(c);
    analyze(c);
    render(c);
    render_pcm16(c);
    tts_context_destroy(c.gpu);
    tts_context_destroy(c.cpu);
    return check::finish("test_cuda_analysis");
}
