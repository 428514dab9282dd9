#include "cuda/fft.cuh"

namespace tts::cuda {
namespace {

// One transform per block, in shared memory.
__global__ void fft_shared_kernel(const Complex* __restrict__ in, Complex* __restrict__ out,
                                  int32_t n, int32_t bits, bool inverse,
                                  const Complex* __restrict__ twiddles) {
    extern __shared__ Complex s[];
    const int64_t base = int64_t(blockIdx.x) * n;
    for (int32_t i = int32_t(threadIdx.x); i < n; i += int32_t(blockDim.x)) {
        s[reverse_bits(uint32_t(i), bits)] = in[base + i];
    }
    __syncthreads();
    block_fft_stages(s, n, inverse, twiddles);
    const float scale = inverse ? 1.0f / float(n) : 1.0f;
    for (int32_t i = int32_t(threadIdx.x); i < n; i += int32_t(blockDim.x)) {
        out[base + i] = Complex{fm::mul(s[i].re, scale), fm::mul(s[i].im, scale)};
    }
}

__global__ void bit_reverse_kernel(const Complex* __restrict__ in, Complex* __restrict__ out,
                                   int32_t n, int32_t bits, int64_t total) {
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t k = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; k < total; k += stride) {
        const int64_t base = k / n * n;
        out[base + reverse_bits(uint32_t(k - base), bits)] = in[k];
    }
}

// One stage over every transform of the batch, one butterfly per thread.
__global__ void fft_stage_kernel(Complex* data, int32_t n, int32_t half, bool inverse,
                                 const Complex* __restrict__ twiddles, int64_t butterflies) {
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    const int32_t per = n / 2;
    for (int64_t k = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; k < butterflies; k += stride) {
        const int64_t t = k / per;
        fft_butterfly(data + t * n, int32_t(k - t * per), half, inverse, twiddles);
    }
}

__global__ void scale_kernel(Complex* data, float scale, int64_t total) {
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t k = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; k < total; k += stride) {
        data[k] = Complex{fm::mul(data[k].re, scale), fm::mul(data[k].im, scale)};
    }
}

}  // namespace

cudaError_t launch_fft(const Complex* in, Complex* out, int32_t n, int32_t batch, bool inverse,
                       const Complex* twiddles, cudaStream_t stream) {
    const int32_t bits = log2_exact(n);
    if (n <= kSharedFftMax) {
        const int32_t threads = n / 2 < kBlock ? n / 2 : kBlock;
        fft_shared_kernel<<<unsigned(batch), unsigned(threads), size_t(n) * sizeof(Complex),
                            stream>>>(in, out, n, bits, inverse, twiddles);
        return cudaGetLastError();
    }
    const int64_t total = int64_t(n) * batch;
    bit_reverse_kernel<<<blocks_for(total), kBlock, 0, stream>>>(in, out, n, bits, total);
    for (int32_t half = 1; half < n; half <<= 1) {
        fft_stage_kernel<<<blocks_for(total / 2), kBlock, 0, stream>>>(out, n, half, inverse,
                                                                       twiddles, total / 2);
    }
    if (inverse) {
        scale_kernel<<<blocks_for(total), kBlock, 0, stream>>>(out, 1.0f / float(n), total);
    }
    return cudaGetLastError();
}

}  // namespace tts::cuda
