#include "common/analysis_math.h"
#include "common/spectral.h"
#include "cuda/log_mel.cuh"

namespace tts::cuda {
namespace {

// Bins in the CPU's order (first to end), each product and sum rounded alike.
__global__ void log_mel_kernel(const float* __restrict__ power, int64_t total,
                               const float* __restrict__ weights, const int32_t* __restrict__ first,
                               const int32_t* __restrict__ end, float* __restrict__ out) {
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += stride) {
        const int64_t f = i / kMelBands;
        const int32_t m = int32_t(i - f * kMelBands);
        const float* p = power + f * kBins;
        const float* w = weights + int64_t(m) * kBins;
        float acc = 0.0f;
        for (int32_t k = __ldg(first + m); k < __ldg(end + m); ++k) {
            acc = fm::add(acc, fm::mul(__ldg(w + k), __ldg(p + k)));
        }
        out[i] = log_floor(acc);
    }
}

}  // namespace

cudaError_t launch_log_mel(const float* power, int32_t frames, const SpectralTables& tables,
                           float* out, cudaStream_t stream) {
    const int64_t total = int64_t(frames) * kMelBands;
    log_mel_kernel<<<blocks_for(total), kBlock, 0, stream>>>(power, total, tables.mel_weights,
                                                             tables.mel_first, tables.mel_end, out);
    return cudaGetLastError();
}

}  // namespace tts::cuda
