#include "cuda/resample.cuh"

namespace tts::cuda {
namespace {

struct FloatLoad {
    const float* __restrict__ x;
    __device__ __forceinline__ float operator()(int64_t k) const { return __ldg(x + k); }
};

__global__ void resample_kernel(const float* __restrict__ in,
                                const int64_t* __restrict__ in_offsets, int32_t first_clip,
                                Polyphase p, const float* __restrict__ table,
                                float* __restrict__ out, const int64_t* __restrict__ out_offsets) {
    const int32_t clip = first_clip + int32_t(blockIdx.y);
    const int64_t in_begin = in_offsets[clip];
    const int64_t n = in_offsets[clip + 1] - in_begin;
    const int64_t out_begin = out_offsets[clip];
    const int64_t m = out_offsets[clip + 1] - out_begin;
    const FloatLoad load{in + in_begin};
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t j = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; j < m; j += stride) {
        out[out_begin + j] = polyphase_sample(p, table, load, n, polyphase_position(p, j));
    }
}

}  // namespace

cudaError_t launch_resample(const float* in, const int64_t* in_offsets, int32_t batch,
                            int64_t max_out, Polyphase p, const float* table, float* out,
                            const int64_t* out_offsets, cudaStream_t stream) {
    for (int32_t first = 0; first < batch; first += kMaxClipsPerLaunch) {
        const int32_t clips =
            batch - first < kMaxClipsPerLaunch ? batch - first : kMaxClipsPerLaunch;
        const dim3 grid(blocks_for(max_out), unsigned(clips));
        resample_kernel<<<grid, kBlock, 0, stream>>>(in, in_offsets, first, p, table, out,
                                                     out_offsets);
        const cudaError_t error = cudaGetLastError();
        if (error != cudaSuccess) {
            return error;
        }
    }
    return cudaSuccess;
}

}  // namespace tts::cuda
