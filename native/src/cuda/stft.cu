#include "common/analysis_math.h"
#include "common/spectral.h"
#include "cuda/fft.cuh"
#include "cuda/stft.cuh"

namespace tts::cuda {
namespace {

constexpr int32_t kFftBits = 9;
static_assert((1 << kFftBits) == kFft, "the analysis FFT is 512 points");

__global__ void stft_power_kernel(const float* __restrict__ audio, const float* __restrict__ window,
                                  const Complex* __restrict__ twiddles, float* __restrict__ power) {
    __shared__ Complex s[kFft];
    const float* x = audio + int64_t(blockIdx.x) * kHop;
    for (int32_t j = int32_t(threadIdx.x); j < kFft; j += int32_t(blockDim.x)) {
        const float v = j < kFrame ? fm::mul(__ldg(x + j), __ldg(window + j)) : 0.0f;
        s[reverse_bits(uint32_t(j), kFftBits)] = Complex{v, 0.0f};
    }
    __syncthreads();
    block_fft_stages(s, kFft, false, twiddles);
    float* row = power + int64_t(blockIdx.x) * kBins;
    for (int32_t k = int32_t(threadIdx.x); k < kBins; k += int32_t(blockDim.x)) {
        row[k] = power_re_im(s[k]);
    }
}

__global__ void frame_energy_kernel(const float* __restrict__ audio, int64_t n, int32_t frames,
                                    float* __restrict__ energy) {
    const int32_t f = int32_t(blockIdx.x * blockDim.x + threadIdx.x);
    if (f < frames) {
        energy[f] = frame_energy(audio, n, int64_t(f) * kHop, kFrame);
    }
}

}  // namespace

cudaError_t launch_stft_power(const float* audio, int32_t frames, const SpectralTables& tables,
                              float* power, cudaStream_t stream) {
    stft_power_kernel<<<unsigned(frames), kBlock, 0, stream>>>(audio, tables.window,
                                                               tables.twiddles, power);
    return cudaGetLastError();
}

cudaError_t launch_frame_energies(const float* audio, int64_t n, int32_t frames, float* energy,
                                  cudaStream_t stream) {
    const unsigned blocks = unsigned((int64_t(frames) + kBlock - 1) / kBlock);
    frame_energy_kernel<<<blocks, kBlock, 0, stream>>>(audio, n, frames, energy);
    return cudaGetLastError();
}

}  // namespace tts::cuda
