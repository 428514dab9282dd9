// The spectral stages of the render: frame energies, power spectra, per-clip gains, synthesis.
#include "common/analysis_math.h"
#include "cuda/envelope_transfer.cuh"
#include "cuda/fft.cuh"

namespace tts::cuda {
namespace {

struct FrameRef {
    const float* x;  // the frame's clip
    int64_t n;       // samples of the clip
    int64_t start;   // first sample of the frame (may be negative)
};

__device__ __forceinline__ FrameRef frame_ref(const RenderBatch& b, const float* data, int64_t f) {
    const int32_t c = b.frame_clip[f];
    const int64_t begin = b.offsets[c];
    return FrameRef{data + begin, b.offsets[c + 1] - begin,
                    render_frame_start(f - b.frame_offsets[c], b.shape)};
}

// The windowed, zero-padded frame in bit-reversed order, transformed (CPU: frame_spectrum).
__device__ void frame_spectrum(const FrameRef& r, const RenderShape& s,
                               const float* __restrict__ window,
                               const Complex* __restrict__ twiddles, Complex* buf) {
    const int32_t bits = log2_exact(s.fft);
    for (int32_t j = int32_t(threadIdx.x); j < s.fft; j += int32_t(blockDim.x)) {
        const int64_t k = r.start + j;
        const float v =
            (j < s.frame && k >= 0 && k < r.n) ? fm::mul(__ldg(r.x + k), __ldg(window + j)) : 0.0f;
        buf[reverse_bits(uint32_t(j), bits)] = Complex{v, 0.0f};
    }
    __syncthreads();
    block_fft_stages(buf, s.fft, false, twiddles);
}

__global__ void energy_kernel(RenderBatch b, const float* __restrict__ x,
                              float* __restrict__ energy) {
    const int64_t f = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (f < b.frames) {
        const FrameRef r = frame_ref(b, x, f);
        energy[f] = frame_energy(r.x, r.n, r.start, b.shape.frame);
    }
}

__global__ void power_kernel(RenderBatch b, const float* __restrict__ in,
                             const float* __restrict__ window, const Complex* __restrict__ twiddles,
                             float* __restrict__ power) {
    extern __shared__ Complex s[];
    const int64_t f = blockIdx.x;
    frame_spectrum(frame_ref(b, in, f), b.shape, window, twiddles, s);
    for (int32_t k = int32_t(threadIdx.x); k < b.shape.bins; k += int32_t(blockDim.x)) {
        power[f * b.shape.bins + k] = power_re_im(s[k]);
    }
}

// One block per clip; thread 0 takes the mean deviation in bin order, as the CPU does.
__global__ void gain_kernel(RenderBatch b, const float* __restrict__ env,
                            const float* __restrict__ target, const int32_t* __restrict__ counts,
                            float strength, float* __restrict__ gain) {
    __shared__ float level;
    const int32_t c = blockIdx.x;
    const float* e = env + int64_t(c) * b.shape.bins;
    if (threadIdx.x == 0) {
        level = mean_deviation(target, e, b.shape);
    }
    __syncthreads();
    for (int32_t k = int32_t(threadIdx.x); k < b.shape.bins; k += int32_t(blockDim.x)) {
        gain[int64_t(c) * b.shape.bins + k] =
            counts[c] == 0
                ? 1.0f
                : envelope_gain(strength, fm::sub(deviation_db(target, e, k, b.shape), level));
    }
}

__global__ void synth_kernel(RenderBatch b, const float* __restrict__ in,
                             const float* __restrict__ window, const Complex* __restrict__ twiddles,
                             const float* __restrict__ gain, float* __restrict__ frames_out) {
    extern __shared__ Complex shared[];
    const RenderShape& s = b.shape;
    Complex* spec = shared;
    Complex* t = shared + s.fft;
    const int64_t f = blockIdx.x;
    frame_spectrum(frame_ref(b, in, f), s, window, twiddles, spec);
    const float* g = gain + int64_t(b.frame_clip[f]) * s.bins;
    const int32_t bits = log2_exact(s.fft);
    for (int32_t k = int32_t(threadIdx.x); k < s.fft; k += int32_t(blockDim.x)) {
        const float gk = __ldg(g + (k < s.bins ? k : s.fft - k));
        t[reverse_bits(uint32_t(k), bits)] =
            Complex{fm::mul(spec[k].re, gk), fm::mul(spec[k].im, gk)};
    }
    __syncthreads();
    block_fft_stages(t, s.fft, true, twiddles);
    const float scale = 1.0f / float(s.fft);
    for (int32_t j = int32_t(threadIdx.x); j < s.frame; j += int32_t(blockDim.x)) {
        frames_out[f * s.frame + j] = fm::mul(fm::mul(t[j].re, scale), __ldg(window + j));
    }
}

}  // namespace

cudaError_t launch_render_energy(const RenderBatch& b, const float* x, float* energy,
                                 cudaStream_t stream) {
    const unsigned blocks = unsigned((int64_t(b.frames) + kBlock - 1) / kBlock);
    energy_kernel<<<blocks, kBlock, 0, stream>>>(b, x, energy);
    return cudaGetLastError();
}

cudaError_t launch_render_power(const RenderBatch& b, const float* in, const float* window,
                                const Complex* twiddles, float* power, cudaStream_t stream) {
    power_kernel<<<unsigned(b.frames), kBlock, size_t(b.shape.fft) * sizeof(Complex), stream>>>(
        b, in, window, twiddles, power);
    return cudaGetLastError();
}

cudaError_t launch_render_gain(const RenderBatch& b, const float* env, const float* target_db,
                               const int32_t* counts, float strength, float* gain,
                               cudaStream_t stream) {
    gain_kernel<<<unsigned(b.clips), kBlock, 0, stream>>>(b, env, target_db, counts, strength,
                                                          gain);
    return cudaGetLastError();
}

cudaError_t launch_render_synth(const RenderBatch& b, const float* in, const float* window,
                                const Complex* twiddles, const float* gain, float* frames_out,
                                cudaStream_t stream) {
    synth_kernel<<<unsigned(b.frames), kBlock, 2 * size_t(b.shape.fft) * sizeof(Complex), stream>>>(
        b, in, window, twiddles, gain, frames_out);
    return cudaGetLastError();
}

}  // namespace tts::cuda
