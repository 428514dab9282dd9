// Constants and host-side tables of the spectral analysis: FFT twiddles, windows, the mel
// filterbank. Computed once in double and rounded to float, then used unchanged by the CPU
// code and uploaded unchanged for the CUDA kernels.
#ifndef TTS_COMMON_SPECTRAL_H
#define TTS_COMMON_SPECTRAL_H

#include <cmath>
#include <cstdint>
#include <vector>

#include "common/fft_math.h"
#include "ttsnative.h"

namespace tts {

constexpr int32_t kFrame = TTS_ANALYSIS_FRAME;
constexpr int32_t kHop = TTS_ANALYSIS_HOP;
constexpr int32_t kFft = TTS_ANALYSIS_FFT;
constexpr int32_t kBins = TTS_ANALYSIS_BINS;
constexpr int32_t kMelBands = TTS_MEL_BANDS;
constexpr int32_t kRate = TTS_ANALYSIS_RATE;
// The profile's pitch search range (DESIGN: YIN over 50-500 Hz).
constexpr float kProfileFmin = 50.0f;
constexpr float kProfileFmax = 500.0f;
// Quefrencies kept by the cepstral lifter at 16 kHz: 1.875 ms, below the period of any F0 up
// to 500 Hz, so the smoothed spectrum follows formants rather than harmonics.
constexpr int32_t kLifter = 30;

// YIN integrates W = 240 samples (15 ms) centred in each 400-sample frame, over lags
// 1..tau_max + 1. A 25 ms window spans too much pitch movement: in speech gliding 150 Hz/s
// the period drifts enough across it that d' at the true period rises above the threshold.
constexpr int32_t kYinWindow = 240;
constexpr int32_t kYinOffset = (kFrame - kYinWindow) / 2;

struct YinLags {
    int32_t tau_min;  // floor(16000 / fmax)
    int32_t tau_max;  // ceil(16000 / fmin)
};

inline YinLags yin_lags(float fmin, float fmax) {
    const int32_t lo = int32_t(std::floor(double(kRate) / fmax));
    return YinLags{lo < 2 ? 2 : lo, int32_t(std::ceil(double(kRate) / fmin))};
}

// Whether frame f's YIN span (W + tau_max + 1 samples from 160 f + 80) lies inside n samples.
TTS_HOST_DEVICE inline bool yin_fits(int64_t frame, int64_t n, int32_t tau_max) {
    return frame * kHop + kYinOffset + kYinWindow + tau_max + 1 <= n;
}

// Frames of n samples: 1 + (n - 400) / 160 for n >= 400, else 0.
inline int64_t analysis_frames(int64_t n) { return n < kFrame ? 0 : 1 + (n - kFrame) / kHop; }

// TTS_FFT_MAX / 2 twiddles (see fft_math.h).
const Complex* fft_twiddles();

// w[j] = 0.5 - 0.5 cos(2 pi j / n): periodic, so hop n / 4 overlaps add to a constant.
std::vector<float> periodic_hann(int32_t n);

// The 400-point analysis window.
const float* analysis_window();

// 1 / sum(w^2) of the analysis window: the scale of the envelope's power density.
float analysis_db_scale();

// Slaney-style mel filterbank over the 257 bins of a 512-point FFT at 16 kHz. Band m weighs
// bins first[m] <= k < end[m] with weights[m * kBins + k] (zero elsewhere).
struct MelBank {
    std::vector<float> weights;
    std::vector<int32_t> first;
    std::vector<int32_t> end;
};
const MelBank& mel_bank();

}  // namespace tts

#endif
