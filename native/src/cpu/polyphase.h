// One output sample of the polyphase resampler; shared by the float resampler and the fused
// output stage so both sum in the same order as the CUDA kernels.
#ifndef TTS_CPU_POLYPHASE_H
#define TTS_CPU_POLYPHASE_H

#include <cstdint>

#include "common/resample_filter.h"

namespace tts::cpu {

// load(k) returns input sample k of a clip of n samples, 0 <= k < n; samples outside the clip
// count as zero.
template <typename Load>
inline float polyphase_sample(const ResampleFilter& f, Load load, int64_t n, int64_t j) {
    const int64_t pos = j * f.ratio.down;
    const int64_t base = pos / f.ratio.up;
    const int64_t phase = pos - base * f.ratio.up;
    const float* h = f.coeffs.data() + phase * f.taps;
    const int64_t k0 = base - f.half + 1;
    const int32_t taps = f.taps;
    float acc = 0.0f;
    if (k0 >= 0 && k0 + taps <= n) {
        for (int32_t i = 0; i < taps; ++i) {
            acc += h[i] * load(k0 + i);
        }
    } else {
        for (int32_t i = 0; i < taps; ++i) {
            const int64_t k = k0 + i;
            const float x = (k >= 0 && k < n) ? load(k) : 0.0f;
            acc += h[i] * x;
        }
    }
    return acc;
}

}  // namespace tts::cpu

#endif
