// Geometry and per-element math of the render stage (tts_envelope_transfer), shared by the CPU
// reference and the CUDA kernels.
#ifndef TTS_COMMON_RENDER_PLAN_H
#define TTS_COMMON_RENDER_PLAN_H

#include <cmath>
#include <cstdint>
#include <vector>

#include "common/fmath.h"
#include "ttsnative.h"

namespace tts {

constexpr int32_t kRenderMinRate = 8000;
constexpr int32_t kRenderMaxRate = 48000;
constexpr float kMaxGainDb = 18.0f;

struct RenderShape {
    int32_t rate;
    int32_t frame;       // N: 25 ms rounded to a multiple of 4 samples
    int32_t hop;         // N / 4
    int32_t fft;         // power of two >= 1.5 N: room for the gain's impulse response
    int32_t bins;        // fft / 2 + 1
    int32_t lifter;      // quefrencies kept: 1.875 ms, as in the analysis
    int32_t reach;       // limiter look-around: 5 ms each side
    int32_t level_bins;  // bins 0..8 kHz (and below Nyquist): where the mean deviation is taken
    float db_scale;      // 1 / (sum w^2 * rate / 16000): power density comparable to the analysis
};

// For a rate in kRenderMinRate..kRenderMaxRate.
RenderShape render_shape(int32_t rate);

// Frames of a clip of n samples: frame f starts at f * hop - (N - hop), the last one at or
// before sample n - 1, so every sample lies in exactly 4 frames.
inline int64_t render_frames(int64_t n, int32_t hop) { return n <= 0 ? 0 : (n - 1) / hop + 4; }

TTS_HOST_DEVICE inline int64_t render_frame_start(int64_t local_frame, const RenderShape& s) {
    return local_frame * s.hop - (s.frame - s.hop);
}

// The periodic Hann window (analysis and synthesis) and, per phase p = t mod hop, the inverse
// of the sum of the 4 squared window values that overlap there.
struct RenderTables {
    std::vector<float> window;
    std::vector<float> inv_norm;
};
RenderTables render_tables(const RenderShape& s);

// The target envelope at hz: linear between grid points, the last point held above 8 kHz.
TTS_HOST_DEVICE inline float target_db_at(const float* target, float hz) {
    const float pos = fm::div(hz, float(TTS_ENVELOPE_STEP_HZ));
    const int32_t i = int32_t(pos);
    if (i >= TTS_ENVELOPE_POINTS - 1) {
        return target[TTS_ENVELOPE_POINTS - 1];
    }
    const float frac = fm::sub(pos, float(i));
    return fm::add(target[i], fm::mul(frac, fm::sub(target[i + 1], target[i])));
}

// Linear gain of one bin from its deviation from the clip's mean (dB): 10^(clamp(strength *
// deviation, -18, 18) / 20).
TTS_HOST_DEVICE inline float envelope_gain(float strength, float deviation_db) {
    float g = fm::mul(strength, deviation_db);
    g = fm::fmin2(fm::fmax2(g, -kMaxGainDb), kMaxGainDb);
#if defined(__CUDA_ARCH__)
    return exp10f(__fmul_rn(g, 0.05f));
#else
    return std::pow(10.0f, g * 0.05f);
#endif
}

TTS_HOST_DEVICE inline float bin_hz(int32_t k, const RenderShape& s) {
    return fm::div(fm::mul(float(k), float(s.rate)), float(s.fft));
}

// T(f_k) - E_k: how far bin k of a clip's envelope is from the target.
TTS_HOST_DEVICE inline float deviation_db(const float* target, const float* env, int32_t k,
                                          const RenderShape& s) {
    return fm::sub(target_db_at(target, bin_hz(k, s)), env[k]);
}

// The mean deviation over bins 0..8 kHz, summed in bin order. Subtracting it leaves the level
// to the loudness stage, so the +-18 dB range serves the shape.
TTS_HOST_DEVICE inline float mean_deviation(const float* target, const float* env,
                                            const RenderShape& s) {
    float sum = 0.0f;
    for (int32_t k = 0; k < s.level_bins; ++k) {
        sum = fm::add(sum, deviation_db(target, env, k, s));
    }
    return fm::div(sum, float(s.level_bins));
}

// Gain that brings a clip's mean active energy from mean_out to target_power (10^(dBFS / 10),
// computed on the host) or, when target_power < 0 (keep), back to the input's mean_in; 1 when
// nothing is active.
TTS_HOST_DEVICE inline float loudness_gain(float target_power, float mean_in, float mean_out,
                                           int32_t count) {
    const float target = target_power < 0.0f ? mean_in : target_power;
    if (count == 0 || !(mean_out > 0.0f) || !(target > 0.0f)) {
        return 1.0f;
    }
#if defined(__CUDA_ARCH__)
    return __fsqrt_rn(__fdiv_rn(target, mean_out));
#else
    return std::sqrt(target / mean_out);
#endif
}

// Limiter: the gain a sample may take so |y * gain| <= 1.
TTS_HOST_DEVICE inline float limit_ratio(float y, float gain) {
    const float a = fm::mul(y < 0.0f ? -y : y, gain);
    return a > 1.0f ? fm::div(1.0f, a) : 1.0f;
}

}  // namespace tts

#endif
