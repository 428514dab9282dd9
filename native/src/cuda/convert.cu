#include "cuda/convert.cuh"

namespace tts::cuda {
namespace {

__global__ void pcm16_to_float_kernel(const int16_t* __restrict__ in, int64_t n, float scale,
                                      float* __restrict__ out) {
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
        out[i] = __fmul_rn(float(in[i]), scale);
    }
}

__global__ void float_to_pcm16_kernel(const float* __restrict__ in, int64_t n, float gain,
                                      int16_t* __restrict__ out) {
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
        out[i] = pcm16_from_scaled(__fmul_rn(__fmul_rn(in[i], gain), 32768.0f));
    }
}

}  // namespace

cudaError_t launch_pcm16_to_float(const int16_t* in, int64_t n, float scale, float* out,
                                  cudaStream_t stream) {
    pcm16_to_float_kernel<<<blocks_for(n), kBlock, 0, stream>>>(in, n, scale, out);
    return cudaGetLastError();
}

cudaError_t launch_float_to_pcm16(const float* in, int64_t n, float gain, int16_t* out,
                                  cudaStream_t stream) {
    float_to_pcm16_kernel<<<blocks_for(n), kBlock, 0, stream>>>(in, n, gain, out);
    return cudaGetLastError();
}

}  // namespace tts::cuda
