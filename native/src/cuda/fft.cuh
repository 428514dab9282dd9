// The library's FFT on the device: a block-level transform in shared memory used by the
// spectral kernels, and the batched tts_fft launcher.
#ifndef TTS_CUDA_FFT_CUH
#define TTS_CUDA_FFT_CUH

#include "common/fft_math.h"
#include "cuda/common.cuh"

namespace tts::cuda {

// Largest transform the shared-memory kernel takes (32 KiB of complex floats); larger sizes
// run stage by stage in global memory.
constexpr int32_t kSharedFftMax = 4096;

// The stages of an n-point transform on s, already in bit-reversed order, by the whole block;
// the caller synchronizes after filling s. Ends synchronized.
__device__ __forceinline__ void block_fft_stages(Complex* s, int32_t n, bool inverse,
                                                 const Complex* __restrict__ twiddles) {
    for (int32_t half = 1; half < n; half <<= 1) {
        for (int32_t b = int32_t(threadIdx.x); b < n / 2; b += int32_t(blockDim.x)) {
            fft_butterfly(s, b, half, inverse, twiddles);
        }
        __syncthreads();
    }
}

// batch transforms of n points from in to out (distinct device buffers); inverse divides by n.
cudaError_t launch_fft(const Complex* in, Complex* out, int32_t n, int32_t batch, bool inverse,
                       const Complex* twiddles, cudaStream_t stream);

}  // namespace tts::cuda

#endif
