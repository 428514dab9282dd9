// Polyphase windowed-sinc filter design shared by the CPU and CUDA resamplers: both backends run
// the same float table, so their outputs agree bit for bit.
#ifndef TTS_COMMON_RESAMPLE_FILTER_H
#define TTS_COMMON_RESAMPLE_FILTER_H

#include <cstdint>
#include <vector>

namespace tts {

constexpr int32_t kMinRate = 8000;
constexpr int32_t kMaxRate = 192000;
constexpr int32_t kMaxFactor = 1024;
// Keeps n * L (L <= 1024) far from int64 overflow everywhere lengths are multiplied.
constexpr int64_t kMaxSamples = int64_t(1) << 40;

// in_rate / out_rate reduced by their gcd: output sample j sits at input position j * down / up.
struct ResampleRatio {
    int32_t up = 1;    // L
    int32_t down = 1;  // M
};

// Validates both rates and the reduced factors; stores a message and returns
// TTS_ERR_INVALID_ARGUMENT when they are not supported.
int32_t resample_ratio(int32_t in_rate, int32_t out_rate, ResampleRatio* ratio);

// ceil(n * up / down) for 0 <= n <= kMaxSamples.
inline int64_t resample_length(int64_t n, ResampleRatio r) {
    return (n * r.up + r.down - 1) / r.down;
}

struct ResampleFilter {
    int32_t in_rate = 0;
    int32_t out_rate = 0;
    ResampleRatio ratio;
    int32_t half = 0;  // K: taps reach from base - K + 1 to base + K
    int32_t taps = 0;  // 2K coefficients per phase
    // coeffs[phase * taps + i] weighs input sample base - K + 1 + i of an output at phase
    // (j * down) mod up, base = floor(j * down / up).
    std::vector<float> coeffs;
};

// Designs the table for two rates that resample_ratio accepted.
ResampleFilter design_resample_filter(int32_t in_rate, int32_t out_rate);

}  // namespace tts

#endif
