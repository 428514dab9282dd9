// The resampler against analytic sines, with its passband ripple and stopband attenuation
// measured from tones; plus the length formula, equal-rate copies and batching.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "check.h"
#include "tones.h"

namespace {

using namespace tones;

void measure_pair(tts_context* ctx, int32_t in_rate, int32_t out_rate) {
    const double nyquist = 0.5 * std::min(in_rate, out_rate);
    const int64_t n = in_rate;  // one second per tone
    const int64_t margin = edge_margin(in_rate, out_rate);

    // SNR against the analytic sine at the output rate.
    std::vector<Tone> tones;
    for (double r : {0.02, 0.1, 0.3, 0.5, 0.7, 0.8}) {
        tones.push_back({r * nyquist, 0.3 + r});
    }
    Batch b = resample_tones(ctx, in_rate, out_rate, tones, n);
    double min_snr = 1e9;
    for (size_t c = 0; c < tones.size(); ++c) {
        const float* y = b.out.data() + b.out_offsets[c];
        const int64_t m = b.out_offsets[c + 1] - b.out_offsets[c];
        double signal = 0, noise = 0;
        for (int64_t j = margin; j < m - margin; ++j) {
            const double ref = kAmplitude * std::sin(2 * kPi * tones[c].hz * double(j) / out_rate +
                                                     tones[c].phase);
            signal += ref * ref;
            noise += (y[j] - ref) * (y[j] - ref);
        }
        min_snr = std::min(min_snr, 10 * std::log10(signal / noise));
    }

    // Passband: gain of tones from 1% to 80% of the lower Nyquist. Upsampling also measures the
    // images those tones leave (everything but the tone itself).
    tones.clear();
    for (int i = 0; i <= 40; ++i) {
        tones.push_back({(0.01 + 0.79 * i / 40.0) * nyquist, 0.1 * i});
    }
    b = resample_tones(ctx, in_rate, out_rate, tones, n);
    double gain_min = 1e9, gain_max = -1e9, worst_image = 0;
    for (size_t c = 0; c < tones.size(); ++c) {
        const int64_t m = b.out_offsets[c + 1] - b.out_offsets[c];
        double residual = 0;
        const double amp = fit_tone(b.out.data() + b.out_offsets[c], margin, m - margin,
                                    tones[c].hz, out_rate, &residual);
        const double db = 20 * std::log10(amp / kAmplitude);
        gain_min = std::min(gain_min, db);
        gain_max = std::max(gain_max, db);
        worst_image = std::max(worst_image, residual);
    }
    const double ripple = gain_max - gain_min;

    double attenuation = 0;
    double stop_from = 0;
    if (out_rate < in_rate) {
        // Tones between the output Nyquist and the input Nyquist must vanish, not alias.
        stop_from = 0.5 * out_rate;
        const double stop_to = 0.98 * 0.5 * in_rate;
        tones.clear();
        for (int i = 0; i <= 40; ++i) {
            tones.push_back({stop_from + (stop_to - stop_from) * i / 40.0, 0.2 * i});
        }
        b = resample_tones(ctx, in_rate, out_rate, tones, n);
        double worst = 0;
        for (size_t c = 0; c < tones.size(); ++c) {
            const float* y = b.out.data() + b.out_offsets[c];
            const int64_t m = b.out_offsets[c + 1] - b.out_offsets[c];
            double energy = 0;
            for (int64_t j = margin; j < m - margin; ++j) {
                energy += double(y[j]) * y[j];
            }
            worst =
                std::max(worst, energy / double(m - 2 * margin) / (0.5 * kAmplitude * kAmplitude));
        }
        attenuation = -10 * std::log10(worst);
        std::printf(
            "resample %d->%d: passband ripple %.4f dB (0-%.0f Hz), stopband attenuation "
            "%.1f dB (>= %.0f Hz), min SNR %.1f dB\n",
            in_rate, out_rate, ripple, 0.8 * nyquist, attenuation, stop_from, min_snr);
    } else {
        attenuation = -10 * std::log10(worst_image);
        stop_from = in_rate - 0.8 * nyquist;
        std::printf(
            "resample %d->%d: passband ripple %.4f dB (0-%.0f Hz), stopband attenuation "
            "%.1f dB (images >= %.0f Hz), min SNR %.1f dB\n",
            in_rate, out_rate, ripple, 0.8 * nyquist, attenuation, stop_from, min_snr);
    }
    CHECK(min_snr >= 70.0);
    CHECK(ripple <= 0.01);
    CHECK(std::fabs(gain_max) <= 0.01 && std::fabs(gain_min) <= 0.01);
    CHECK(attenuation >= 80.0);
}

void lengths() {
    const int32_t rates[] = {8000, 16000, 22050, 24000, 44100, 48000};
    for (int32_t in : rates) {
        for (int32_t out : rates) {
            for (int64_t n : {0, 1, 2, 147, 160, 22050, 66151, 1000003}) {
                int64_t m = -1;
                CHECK_OK(tts_resample_length(in, out, n, &m));
                CHECK(m == (n * out + in - 1) / in);
            }
        }
    }
}

std::vector<float> noise(std::mt19937& rng, size_t n) {
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> v(n);
    for (float& x : v) {
        x = dist(rng);
    }
    return v;
}

void equal_rates_copy(tts_context* ctx) {
    std::mt19937 rng(7);
    const std::vector<float> in = noise(rng, 5000);
    const int64_t offsets[3] = {0, 1234, 5000};
    std::vector<float> out(in.size(), 0.0f);
    CHECK_OK(tts_resample(ctx, in.data(), offsets, 2, 22050, 22050, out.data(), offsets));
    CHECK(out == in);
}

void batch_equals_single_clips(tts_context* ctx) {
    std::mt19937 rng(11);
    const int64_t lengths[] = {0, 1, 5, 63, 64, 100, 3001, 0, 22050};
    for (int32_t out_rate : {8000, 48000, 24000}) {
        std::vector<int64_t> in_off{0}, out_off{0};
        for (int64_t n : lengths) {
            int64_t m = 0;
            CHECK_OK(tts_resample_length(22050, out_rate, n, &m));
            in_off.push_back(in_off.back() + n);
            out_off.push_back(out_off.back() + m);
        }
        const std::vector<float> in = noise(rng, size_t(in_off.back()));
        std::vector<float> batched(size_t(out_off.back()));
        const int32_t batch = int32_t(std::size(lengths));
        CHECK_OK(tts_resample(ctx, in.data(), in_off.data(), batch, 22050, out_rate, batched.data(),
                              out_off.data()));
        int differing = 0;
        for (int32_t c = 0; c < batch; ++c) {
            const int64_t one_in[2] = {0, in_off[c + 1] - in_off[c]};
            const int64_t one_out[2] = {0, out_off[c + 1] - out_off[c]};
            std::vector<float> single(size_t(one_out[1]) + 1);
            CHECK_OK(tts_resample(ctx, in.data() + in_off[c], one_in, 1, 22050, out_rate,
                                  single.data(), one_out));
            for (int64_t j = 0; j < one_out[1]; ++j) {
                differing += single[size_t(j)] != batched[size_t(out_off[c] + j)];
            }
        }
        CHECK(differing == 0);
    }
}

void constant_stays_constant(tts_context* ctx) {
    const std::vector<float> in(4000, 0.25f);
    const int64_t in_off[2] = {0, 4000};
    int64_t m = 0;
    CHECK_OK(tts_resample_length(22050, 44100, 4000, &m));
    const int64_t out_off[2] = {0, m};
    std::vector<float> out(static_cast<size_t>(m));
    CHECK_OK(tts_resample(ctx, in.data(), in_off, 1, 22050, 44100, out.data(), out_off));
    double worst = 0;
    for (int64_t j = 100; j < m - 100; ++j) {
        worst = std::max(worst, std::fabs(double(out[size_t(j)]) - 0.25));
    }
    CHECK(worst < 1e-6);
}

}  // namespace

int main() {
    tts_context* ctx = nullptr;
    CHECK_OK(tts_context_create(TTS_BACKEND_CPU, &ctx));
    for (int32_t in_rate : {22050, 16000, 24000}) {
        for (int32_t out_rate : {8000, 16000, 22050, 24000, 44100, 48000}) {
            if (in_rate != out_rate) {
                measure_pair(ctx, in_rate, out_rate);
            }
        }
    }
    lengths();
    equal_rates_copy(ctx);
    batch_equals_single_clips(ctx);
    constant_stays_constant(ctx);
    tts_context_destroy(ctx);
    return check::finish("test_resample");
}
