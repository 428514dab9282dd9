// Batched polyphase resampling of float clips.
#ifndef TTS_CUDA_RESAMPLE_CUH
#define TTS_CUDA_RESAMPLE_CUH

#include "cuda/common.cuh"

namespace tts::cuda {

// The shape of a ResampleFilter; its coefficient table lives on the device.
struct Polyphase {
    int32_t up;    // L
    int32_t down;  // M
    int32_t half;  // K
    int32_t taps;  // 2K
};

// Output sample j of a clip of n samples, summed tap by tap in the CPU's order with every
// multiply and add rounded separately (no FMA contraction), so results match bit for bit.
template <typename Load>
__device__ __forceinline__ float polyphase_sample(const Polyphase& p,
                                                  const float* __restrict__ table, Load load,
                                                  int64_t n, int64_t j) {
    const int64_t pos = j * p.down;
    const int64_t base = pos / p.up;
    const int64_t phase = pos - base * p.up;
    const float* __restrict__ h = table + phase * p.taps;
    const int64_t k0 = base - p.half + 1;
    float acc = 0.0f;
    if (k0 >= 0 && k0 + p.taps <= n) {
        for (int32_t i = 0; i < p.taps; ++i) {
            acc = __fadd_rn(acc, __fmul_rn(__ldg(h + i), load(k0 + i)));
        }
    } else {
        for (int32_t i = 0; i < p.taps; ++i) {
            const int64_t k = k0 + i;
            const float x = (k >= 0 && k < n) ? load(k) : 0.0f;
            acc = __fadd_rn(acc, __fmul_rn(__ldg(h + i), x));
        }
    }
    return acc;
}

// One block row per clip (blockIdx.y); max_out is the longest clip's output length.
cudaError_t launch_resample(const float* in, const int64_t* in_offsets, int32_t batch,
                            int64_t max_out, Polyphase p, const float* table, float* out,
                            const int64_t* out_offsets, cudaStream_t stream);

}  // namespace tts::cuda

#endif
