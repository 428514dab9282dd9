// The analysis ops on the CPU against analytic expectations: frame counts, STFT power vs a
// direct DFT, log-mel peaks, YIN on tones, the voice profile of synthetic and real speech.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "check.h"
#include "voices.h"

namespace {

constexpr int32_t kRate = TTS_ANALYSIS_RATE;
// Optional real speech (Debian package pocketsphinx-testdata); skipped when absent.
const char* kSpeechWav =
    "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav";

int32_t frames_of(int64_t n) {
    int32_t frames = -1;
    CHECK_OK(tts_stft_frames(n, &frames));
    return frames;
}

void frame_counts() {
    CHECK(frames_of(0) == 0);
    CHECK(frames_of(399) == 0);
    CHECK(frames_of(400) == 1);
    CHECK(frames_of(559) == 1);
    CHECK(frames_of(560) == 2);
    CHECK(frames_of(16000) == 1 + (16000 - 400) / 160);
    int32_t frames = 0;
    CHECK_STATUS(tts_stft_frames(-1, &frames), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_stft_frames(int64_t(1) << 39, &frames), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_stft_frames(400, nullptr), TTS_ERR_INVALID_ARGUMENT);
}

// Frame 2 of a random signal against a direct DFT of the Hann-windowed samples.
void stft_vs_dft(tts_context* ctx) {
    const std::vector<float> x = voices::make_tone(333.0, 3, 0.1, 1200, kRate, 7);
    const int32_t frames = frames_of(int64_t(x.size()));
    std::vector<float> power(size_t(frames) * TTS_ANALYSIS_BINS);
    CHECK_OK(tts_stft_power(ctx, x.data(), int64_t(x.size()), power.data()));
    double diff = 0, scale = 0;
    for (int32_t k = 0; k < TTS_ANALYSIS_BINS; ++k) {
        double re = 0, im = 0;
        for (int32_t j = 0; j < TTS_ANALYSIS_FRAME; ++j) {
            const double w = 0.5 - 0.5 * std::cos(2 * voices::kPi * j / TTS_ANALYSIS_FRAME);
            const double a = -2 * voices::kPi * double(j) * k / TTS_ANALYSIS_FFT;
            re += w * x[size_t(2 * TTS_ANALYSIS_HOP + j)] * std::cos(a);
            im += w * x[size_t(2 * TTS_ANALYSIS_HOP + j)] * std::sin(a);
        }
        const double want = re * re + im * im;
        diff = std::max(diff, std::fabs(power[size_t(2 * TTS_ANALYSIS_BINS + k)] - want));
        scale = std::max(scale, want);
    }
    std::printf("stft_power vs direct DFT: relative error %.3g\n", diff / scale);
    CHECK(diff / scale < 1e-5);
}

// Slaney mel, written independently of the library: centre of band m in Hz.
double mel_centre(int32_t m) {
    const auto to_mel = [](double hz) {
        return hz < 1000 ? hz * 3 / 200 : 15 + std::log(hz / 1000) * 27 / std::log(6.4);
    };
    const double mel = to_mel(8000.0) * (m + 1) / (TTS_MEL_BANDS + 1);
    return mel < 15 ? mel * 200 / 3 : 1000 * std::exp((mel - 15) * std::log(6.4) / 27);
}

void log_mel_peaks(tts_context* ctx) {
    for (double hz : {300.0, 1000.0, 2500.0, 6000.0}) {
        const std::vector<float> x = voices::make_tone(hz, 1, 0.0, 4000, kRate, 1);
        const int32_t frames = frames_of(4000);
        std::vector<float> power(size_t(frames) * TTS_ANALYSIS_BINS);
        std::vector<float> mel(size_t(frames) * TTS_MEL_BANDS);
        CHECK_OK(tts_stft_power(ctx, x.data(), 4000, power.data()));
        CHECK_OK(tts_log_mel(ctx, power.data(), frames, mel.data()));
        const float* row = mel.data() + size_t(frames / 2) * TTS_MEL_BANDS;
        const int32_t peak = int32_t(std::max_element(row, row + TTS_MEL_BANDS) - row);
        int32_t nearest = 0;
        for (int32_t m = 1; m < TTS_MEL_BANDS; ++m) {
            if (std::fabs(mel_centre(m) - hz) < std::fabs(mel_centre(nearest) - hz)) {
                nearest = m;
            }
        }
        std::printf("log_mel: %.0f Hz tone peaks in band %d (nearest centre: band %d)\n", hz, peak,
                    nearest);
        CHECK(std::abs(peak - nearest) <= 1);
        CHECK(row[peak] > row[(peak + 20) % TTS_MEL_BANDS] + 5.0f);
    }
}

// Worst relative F0 error over the frames whose YIN window fits; all must be voiced.
double yin_error(tts_context* ctx, const std::vector<float>& x, double hz) {
    const int64_t n = int64_t(x.size());
    const int32_t frames = frames_of(n);
    std::vector<float> f0(static_cast<size_t>(frames)), conf(f0.size());
    CHECK_OK(tts_yin(ctx, x.data(), n, 50.0f, 500.0f, f0.data(), conf.data()));
    // YIN spans 80 + 240 + 321 samples from each frame's start (50 Hz: lags up to 320 + 1).
    const int32_t fits = int32_t((n - 80 - 240 - 321) / TTS_ANALYSIS_HOP) + 1;
    double worst = 0;
    for (int32_t f = 0; f < frames; ++f) {
        if (f < fits) {
            worst = std::max(worst, std::fabs(f0[size_t(f)] - hz) / hz);
            CHECK(conf[size_t(f)] > 0.8f);
        } else {
            CHECK(f0[size_t(f)] == 0.0f && conf[size_t(f)] == 0.0f);
        }
    }
    return worst;
}

void yin_tones(tts_context* ctx) {
    for (double hz : {60.0, 100.0, 150.0, 220.0, 300.0, 450.0}) {
        const double pure = yin_error(ctx, voices::make_tone(hz, 1, 0.0, kRate, kRate, 3), hz);
        const double rich = yin_error(ctx, voices::make_tone(hz, 5, 0.02, kRate, kRate, 4), hz);
        std::printf("yin %3.0f Hz: worst error pure %.4f%%, harmonics + noise %.4f%%\n", hz,
                    100 * pure, 100 * rich);
        CHECK(pure < 0.01);
        CHECK(rich < 0.01);
    }
    float f0[4], conf[4];
    const std::vector<float> x(2000, 0.0f);
    CHECK_STATUS(tts_yin(ctx, x.data(), 2000, 30.0f, 500.0f, f0, conf), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_yin(ctx, x.data(), 2000, 300.0f, 200.0f, f0, conf), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_yin(ctx, x.data(), 2000, NAN, 200.0f, f0, conf), TTS_ERR_INVALID_ARGUMENT);
}

tts_voice_profile analyze(tts_context* ctx, const std::vector<float>& x) {
    tts_voice_profile p;
    std::memset(&p, 0, sizeof p);
    CHECK_OK(tts_analyze_voice(ctx, x.data(), int64_t(x.size()), &p));
    return p;
}

double dot(const float* a, const float* b) {
    double s = 0;
    for (int32_t i = 0; i < TTS_EMBEDDING_DIM; ++i) {
        s += double(a[i]) * b[i];
    }
    return s;
}

void profile_of_voice(tts_context* ctx) {
    const voices::Voice v;
    std::vector<float> x(3200, 0.0f);  // 200 ms of silence on both sides
    const std::vector<float> body = voices::make_voice(v, 4 * kRate, kRate);
    x.insert(x.end(), body.begin(), body.end());
    x.insert(x.end(), 3200, 0.0f);
    const double rms_db = 20 * std::log10(voices::rms(body.data(), int64_t(body.size())));
    const tts_voice_profile p = analyze(ctx, x);
    std::printf(
        "profile: f0 median %.2f (p10 %.1f, p90 %.1f) Hz, voiced %.3f, loudness %.2f dBFS "
        "(rms %.2f), active %d of %d frames\n",
        p.f0_median_hz, p.f0_p10_hz, p.f0_p90_hz, p.voiced_ratio, p.loudness_dbfs, rms_db,
        p.active_frames, p.frames);
    CHECK(std::fabs(p.f0_median_hz - 120.0) < 0.02 * 120.0);
    CHECK(p.f0_p10_hz > 108 && p.f0_p10_hz < 116 && p.f0_p90_hz > 124 && p.f0_p90_hz < 132);
    CHECK(p.voiced_ratio > 0.8f);
    CHECK(std::fabs(p.loudness_dbfs - rms_db) < 0.5);
    CHECK(p.frames == frames_of(int64_t(x.size())));
    CHECK(p.active_frames > 390 && p.active_frames < 410);
    CHECK(std::fabs(p.duration_s - float(x.size()) / kRate) < 1e-6f);
    CHECK(std::fabs(dot(p.embedding, p.embedding) - 1.0) < 1e-5);
    const tts_voice_profile again = analyze(ctx, x);
    CHECK(std::memcmp(&p, &again, sizeof p) == 0);
    // The envelope peaks near the first formant and falls toward 8 kHz.
    CHECK(p.envelope_db[6] > p.envelope_db[60] + 20.0f);

    // The same voice at another level, seed and pitch wobble stays closer than other formants.
    voices::Voice same = v, other = v;
    same.seed = 9, same.amplitude = 0.1, same.wobble_hz = 3.3;
    other.formants[0] = 350, other.formants[1] = 2100, other.formants[2] = 3200;
    const tts_voice_profile ps = analyze(ctx, voices::make_voice(same, 3 * kRate, kRate));
    const tts_voice_profile po = analyze(ctx, voices::make_voice(other, 3 * kRate, kRate));
    std::printf("embedding similarity: same voice %.3f, other formants %.3f\n",
                dot(p.embedding, ps.embedding), dot(p.embedding, po.embedding));
    CHECK(dot(p.embedding, ps.embedding) > 0.95);
    CHECK(dot(p.embedding, ps.embedding) > dot(p.embedding, po.embedding) + 0.05);
}

void silence_and_noise(tts_context* ctx) {
    const std::vector<float> silence(kRate, 0.0f);
    tts_voice_profile p;
    CHECK_STATUS(tts_analyze_voice(ctx, silence.data(), kRate, &p), TTS_ERR_INVALID_ARGUMENT);
    CHECK(std::strstr(tts_last_error(), "no active speech") != nullptr);
    const std::vector<float> noise = voices::make_tone(100.0, 0, 0.1, kRate, kRate, 5);
    const tts_voice_profile pn = analyze(ctx, noise);
    std::printf("white noise: voiced ratio %.3f, loudness %.2f dBFS\n", pn.voiced_ratio,
                pn.loudness_dbfs);
    CHECK(pn.voiced_ratio < 0.1f);
    CHECK(std::fabs(pn.loudness_dbfs + 20.0f) < 0.5f);
    CHECK_STATUS(tts_analyze_voice(ctx, silence.data(), 399, &p), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_analyze_voice(ctx, silence.data(), kRate, nullptr), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_analyze_voice(nullptr, silence.data(), kRate, &p), TTS_ERR_INVALID_ARGUMENT);
    std::vector<float> bad(noise);
    bad[1234] = NAN;
    CHECK_STATUS(tts_analyze_voice(ctx, bad.data(), kRate, &p), TTS_ERR_INVALID_ARGUMENT);
}

void real_speech(tts_context* ctx) {
    int32_t rate = 0;
    const std::vector<float> x = voices::read_wav16_mono(kSpeechWav, &rate);
    if (x.empty() || rate != kRate) {
        std::printf("real speech: skipped (%s not found)\n", kSpeechWav);
        return;
    }
    const tts_voice_profile p = analyze(ctx, x);
    std::printf(
        "real speech (%.1f s): f0 median %.1f Hz (p10 %.1f, p90 %.1f), voiced %.2f, "
        "loudness %.1f dBFS, active %d of %d\n",
        p.duration_s, p.f0_median_hz, p.f0_p10_hz, p.f0_p90_hz, p.voiced_ratio, p.loudness_dbfs,
        p.active_frames, p.frames);
    CHECK(p.f0_median_hz > 80.0f && p.f0_median_hz < 250.0f);
}

}  // namespace

int main() {
    tts_context* ctx = nullptr;
    CHECK_OK(tts_context_create(TTS_BACKEND_CPU, &ctx));
    frame_counts();
    stft_vs_dft(ctx);
    log_mel_peaks(ctx);
    yin_tones(ctx);
    profile_of_voice(ctx);
    silence_and_noise(ctx);
    real_speech(ctx);
    tts_context_destroy(ctx);
    return check::finish("test_analysis");
}
