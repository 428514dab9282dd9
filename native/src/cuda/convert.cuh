// pcm16 <-> float conversions.
#ifndef TTS_CUDA_CONVERT_CUH
#define TTS_CUDA_CONVERT_CUH

#include "cuda/common.cuh"

namespace tts::cuda {

// Same as the CPU's pcm16_from_scaled: round half to even, saturate, NaN -> 0 (the
// conversion instruction already saturates to int32 and maps NaN to 0).
__device__ __forceinline__ int16_t pcm16_from_scaled(float v) {
    const int r = __float2int_rn(v);
    return int16_t(min(max(r, -32768), 32767));
}

// out[i] = in[i] * scale, scale = gain / 32768 computed on the host.
cudaError_t launch_pcm16_to_float(const int16_t* in, int64_t n, float scale, float* out,
                                  cudaStream_t stream);
cudaError_t launch_float_to_pcm16(const float* in, int64_t n, float gain, int16_t* out,
                                  cudaStream_t stream);

}  // namespace tts::cuda

#endif
