#include "cuda/alaw.cuh"

namespace tts::cuda {
namespace {

__global__ void alaw_encode_kernel(const int16_t* __restrict__ in, int64_t n,
                                   uint8_t* __restrict__ out) {
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
        out[i] = alaw_from_pcm16(in[i]);
    }
}

}  // namespace

cudaError_t launch_alaw_encode(const int16_t* in, int64_t n, uint8_t* out, cudaStream_t stream) {
    alaw_encode_kernel<<<blocks_for(n), kBlock, 0, stream>>>(in, n, out);
    return cudaGetLastError();
}

}  // namespace tts::cuda
