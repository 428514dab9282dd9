// Sine tones through the resampler and a least-squares tone fit, for measuring it.
#ifndef TTS_TESTS_TONES_H
#define TTS_TESTS_TONES_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "check.h"

namespace tones {

constexpr double kPi = 3.14159265358979323846;
constexpr double kAmplitude = 0.5;

struct Tone {
    double hz;
    double phase;
};

struct Batch {
    std::vector<float> in;
    std::vector<int64_t> in_offsets{0};
    std::vector<float> out;
    std::vector<int64_t> out_offsets{0};
};

// Resamples one clip per tone in a single batched call.
inline Batch resample_tones(tts_context* ctx, int32_t in_rate, int32_t out_rate,
                            const std::vector<Tone>& tones, int64_t n) {
    Batch b;
    for (const Tone& t : tones) {
        for (int64_t k = 0; k < n; ++k) {
            const double x = kAmplitude * std::sin(2 * kPi * t.hz * double(k) / in_rate + t.phase);
            b.in.push_back(float(x));
        }
        b.in_offsets.push_back(int64_t(b.in.size()));
        int64_t m = 0;
        CHECK_OK(tts_resample_length(in_rate, out_rate, n, &m));
        b.out_offsets.push_back(b.out_offsets.back() + m);
    }
    b.out.resize(size_t(b.out_offsets.back()));
    CHECK_OK(tts_resample(ctx, b.in.data(), b.in_offsets.data(), int32_t(tones.size()), in_rate,
                          out_rate, b.out.data(), b.out_offsets.data()));
    return b;
}

// Least-squares fit of a sine at hz over y[j0, j1); returns the fitted amplitude and leaves
// the residual energy relative to the fit's energy in *residual_ratio.
inline double fit_tone(const float* y, int64_t j0, int64_t j1, double hz, int32_t rate,
                       double* residual_ratio) {
    const double w = 2 * kPi * hz / rate;
    double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
    for (int64_t j = j0; j < j1; ++j) {
        const double s = std::sin(w * double(j)), c = std::cos(w * double(j));
        ss += s * s, sc += s * c, cc += c * c, ys += y[j] * s, yc += y[j] * c;
    }
    const double det = ss * cc - sc * sc;
    const double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
    double fit_energy = 0, residual = 0;
    for (int64_t j = j0; j < j1; ++j) {
        const double f = a * std::sin(w * double(j)) + b * std::cos(w * double(j));
        fit_energy += f * f;
        residual += (y[j] - f) * (y[j] - f);
    }
    *residual_ratio = residual / fit_energy;
    return std::sqrt(a * a + b * b);
}

// Output samples this close to a clip edge may see the zero padding (a bound on the filter's
// reach, which spans 32 zero crossings of the narrower band on each side).
inline int64_t edge_margin(int32_t in_rate, int32_t out_rate) {
    const double half = 40.0 * in_rate / std::min(in_rate, out_rate) + 2;
    return int64_t(std::ceil(half * out_rate / in_rate));
}

}  // namespace tones

#endif
