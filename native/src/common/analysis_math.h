// Per-element steps of the analysis and the render, shared by the CPU loops and the CUDA
// kernels. Everything that decides something (activity, voicing, lag choice) uses + - * /
// only, so both backends decide alike; logarithms and powers may differ by an ulp.
#ifndef TTS_COMMON_ANALYSIS_MATH_H
#define TTS_COMMON_ANALYSIS_MATH_H

#include <cmath>
#include <cstdint>

#include "common/fft_math.h"
#include "common/fmath.h"

namespace tts {

// Active frame: energy above 1e-4 (-40 dB) of the loudest frame and above 1e-8 (-80 dBFS).
constexpr float kActivityRatio = 1e-4f;
constexpr float kActivityFloor = 1e-8f;
// YIN's absolute threshold on the cumulative mean normalized difference.
constexpr float kYinThreshold = 0.15f;
// Power floor of log spectra: -100 dB.
constexpr float kPowerFloor = 1e-10f;

TTS_HOST_DEVICE inline float activity_threshold(float loudest) {
    return fm::fmax2(fm::mul(loudest, kActivityRatio), kActivityFloor);
}

// Mean square of x[begin, begin + len) where x has n samples and is zero outside them.
TTS_HOST_DEVICE inline float frame_energy(const float* x, int64_t n, int64_t begin, int32_t len) {
    float acc = 0.0f;
    for (int32_t j = 0; j < len; ++j) {
        const int64_t k = begin + j;
        const float v = (k >= 0 && k < n) ? x[k] : 0.0f;
        acc = fm::add(acc, fm::mul(v, v));
    }
    return fm::div(acc, float(len));
}

// 10 log10(max(p * scale, 1e-10)).
TTS_HOST_DEVICE inline float power_db(float p, float scale) {
    const float v = fm::fmax2(fm::mul(p, scale), kPowerFloor);
#if defined(__CUDA_ARCH__)
    return __fmul_rn(10.0f, log10f(v));
#else
    return 10.0f * std::log10(v);
#endif
}

// ln(max(v, 1e-10)): the log-mel floor.
TTS_HOST_DEVICE inline float log_floor(float v) {
#if defined(__CUDA_ARCH__)
    return logf(fm::fmax2(v, kPowerFloor));
#else
    return std::log(fm::fmax2(v, kPowerFloor));
#endif
}

TTS_HOST_DEVICE inline float power_re_im(Complex c) {
    return fm::add(fm::mul(c.re, c.re), fm::mul(c.im, c.im));
}

// Turns the difference function d[0..last] into YIN's cumulative mean normalized difference
// in place (d'[0] = 1; d' = 1 while the running sum is still 0, as in silence).
TTS_HOST_DEVICE inline void yin_normalize(float* d, int32_t last) {
    float sum = 0.0f;
    d[0] = 1.0f;
    for (int32_t tau = 1; tau <= last; ++tau) {
        sum = fm::add(sum, d[tau]);
        d[tau] = sum > 0.0f ? fm::div(fm::mul(d[tau], float(tau)), sum) : 1.0f;
    }
}

// Picks the period from d'[0..tau_max + 1]: the first lag in [tau_min, tau_max] under the
// threshold, followed to the bottom of its valley, refined by a parabola through its
// neighbours. Unvoiced: f0 = 0 and the confidence of the range's lowest d'.
TTS_HOST_DEVICE inline void yin_pick(const float* dn, int32_t tau_min, int32_t tau_max, float rate,
                                     float* f0, float* confidence) {
    int32_t tau = tau_min;
    while (tau <= tau_max && !(dn[tau] < kYinThreshold)) {
        ++tau;
    }
    if (tau > tau_max) {
        float lowest = dn[tau_min];
        for (int32_t t = tau_min + 1; t <= tau_max; ++t) {
            lowest = fm::fmin2(lowest, dn[t]);
        }
        *f0 = 0.0f;
        *confidence = fm::fmin2(fm::fmax2(fm::sub(1.0f, lowest), 0.0f), 1.0f);
        return;
    }
    while (tau < tau_max && dn[tau + 1] < dn[tau]) {
        ++tau;
    }
    const float y0 = dn[tau - 1], y1 = dn[tau], y2 = dn[tau + 1];
    const float curve = fm::add(fm::sub(y0, fm::mul(2.0f, y1)), y2);
    float shift = 0.0f;
    if (curve > 0.0f) {
        shift = fm::div(fm::mul(0.5f, fm::sub(y0, y2)), curve);
        shift = fm::fmin2(fm::fmax2(shift, -1.0f), 1.0f);
    }
    *f0 = fm::div(rate, fm::add(float(tau), shift));
    *confidence = fm::fmin2(fm::fmax2(fm::sub(1.0f, y1), 0.0f), 1.0f);
}

// Column statistics from double sums: mean and population standard deviation.
TTS_HOST_DEVICE inline void finish_stats(double sum, double sum_sq, int32_t count, float* mean,
                                         float* std_dev) {
    if (count == 0) {
        *mean = 0.0f;
        *std_dev = 0.0f;
        return;
    }
    const double m = sum / count;
    const double var = sum_sq / count - fm::dmul(m, m);  // no FMA: the product rounds first
    *mean = float(m);
#if defined(__CUDA_ARCH__)
    *std_dev = float(var > 0.0 ? __dsqrt_rn(var) : 0.0);
#else
    *std_dev = float(var > 0.0 ? std::sqrt(var) : 0.0);
#endif
}

}  // namespace tts

#endif
