#include "common/analysis_math.h"
#include "cuda/yin.cuh"

namespace tts::cuda {
namespace {

// Lags reach ceil(16000 / TTS_YIN_MIN_HZ) + 1.
constexpr int32_t kMaxLast = (kRate + TTS_YIN_MIN_HZ - 1) / TTS_YIN_MIN_HZ + 1;
constexpr int32_t kYinThreads = 128;

__global__ void yin_kernel(const float* __restrict__ audio, int64_t n, YinLags lags,
                           float* __restrict__ f0, float* __restrict__ confidence) {
    __shared__ float x[kYinWindow + kMaxLast];
    __shared__ float d[kMaxLast + 1];
    const int64_t frame = blockIdx.x;
    if (!yin_fits(frame, n, lags.tau_max)) {  // uniform across the block
        if (threadIdx.x == 0) {
            f0[frame] = 0.0f;
            confidence[frame] = 0.0f;
        }
        return;
    }
    const int32_t last = lags.tau_max + 1;
    const float* src = audio + frame * kHop + kYinOffset;
    for (int32_t j = int32_t(threadIdx.x); j < kYinWindow + last; j += int32_t(blockDim.x)) {
        x[j] = __ldg(src + j);
    }
    __syncthreads();
    for (int32_t tau = int32_t(threadIdx.x) + 1; tau <= last; tau += int32_t(blockDim.x)) {
        float acc = 0.0f;
        for (int32_t j = 0; j < kYinWindow; ++j) {
            acc = fm::add(acc, fm::sq_diff(x[j], x[j + tau]));
        }
        d[tau] = acc;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        yin_normalize(d, last);
        yin_pick(d, lags.tau_min, lags.tau_max, float(kRate), f0 + frame, confidence + frame);
    }
}

}  // namespace

cudaError_t launch_yin(const float* audio, int64_t n, int32_t frames, YinLags lags, float* f0,
                       float* confidence, cudaStream_t stream) {
    yin_kernel<<<unsigned(frames), kYinThreads, 0, stream>>>(audio, n, lags, f0, confidence);
    return cudaGetLastError();
}

}  // namespace tts::cuda
