#include "common/encoding.h"
#include "cuda/alaw.cuh"
#include "cuda/convert.cuh"
#include "cuda/mulaw.cuh"
#include "cuda/output_stage.cuh"

namespace tts::cuda {
namespace {

struct Pcm16Load {
    const int16_t* __restrict__ x;
    float scale;
    __device__ __forceinline__ float operator()(int64_t k) const {
        return __fmul_rn(float(__ldg(x + k)), scale);
    }
};

// Encoded bytes are naturally aligned: clip offsets are multiples of the sample size and the
// device buffer comes from cudaMalloc.
__device__ __forceinline__ void encode_sample(float y, int32_t encoding, uint8_t* base, int64_t j) {
    switch (encoding) {
        case TTS_ENCODING_LINEAR16:
            reinterpret_cast<int16_t*>(base)[j] = pcm16_from_scaled(__fmul_rn(y, 32768.0f));
            break;
        case TTS_ENCODING_FLOAT32:
            reinterpret_cast<float*>(base)[j] = fminf(fmaxf(y, -1.0f), 1.0f);
            break;
        case TTS_ENCODING_MULAW:
            base[j] = mulaw_from_pcm16(pcm16_from_scaled(__fmul_rn(y, 32768.0f)));
            break;
        default:
            base[j] = alaw_from_pcm16(pcm16_from_scaled(__fmul_rn(y, 32768.0f)));
            break;
    }
}

__global__ void output_stage_kernel(const int16_t* __restrict__ in,
                                    const int64_t* __restrict__ in_offsets, int32_t first_clip,
                                    Polyphase p, const float* __restrict__ table, float scale,
                                    int32_t encoding, uint8_t* __restrict__ out,
                                    const int64_t* __restrict__ out_offsets) {
    const int32_t clip = first_clip + int32_t(blockIdx.y);
    const int64_t in_begin = in_offsets[clip];
    const int64_t n = in_offsets[clip + 1] - in_begin;
    const int32_t bytes = encoding_bytes(encoding);
    const int64_t out_begin = out_offsets[clip];
    const int64_t m = (out_offsets[clip + 1] - out_begin) / bytes;
    const Pcm16Load load{in + in_begin, scale};
    uint8_t* base = out + out_begin;
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t j = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; j < m; j += stride) {
        const float y = p.taps == 0
                            ? load(j)
                            : polyphase_sample(p, table, load, n, polyphase_position(p, j));
        encode_sample(y, encoding, base, j);
    }
}

}  // namespace

cudaError_t launch_output_stage(const int16_t* in, const int64_t* in_offsets, int32_t batch,
                                int64_t max_out, Polyphase p, const float* table, float scale,
                                int32_t encoding, uint8_t* out, const int64_t* out_offsets,
                                cudaStream_t stream) {
    for (int32_t first = 0; first < batch; first += kMaxClipsPerLaunch) {
        const int32_t clips =
            batch - first < kMaxClipsPerLaunch ? batch - first : kMaxClipsPerLaunch;
        const dim3 grid(blocks_for(max_out), unsigned(clips));
        output_stage_kernel<<<grid, kBlock, 0, stream>>>(in, in_offsets, first, p, table, scale,
                                                         encoding, out, out_offsets);
        const cudaError_t error = cudaGetLastError();
        if (error != cudaSuccess) {
            return error;
        }
    }
    return cudaSuccess;
}

}  // namespace tts::cuda
