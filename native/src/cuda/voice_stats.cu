#include "common/analysis_math.h"
#include "cuda/fft.cuh"
#include "cuda/voice_stats.cuh"

namespace tts::cuda {
namespace {

__global__ void activity_kernel(const float* __restrict__ energy,
                                const int64_t* __restrict__ frame_offsets, int32_t first_clip,
                                int32_t* __restrict__ active) {
    __shared__ float loudest[kBlock];
    const int32_t clip = first_clip + int32_t(blockIdx.x);
    const int64_t begin = frame_offsets[clip], end = frame_offsets[clip + 1];
    float m = 0.0f;
    for (int64_t f = begin + threadIdx.x; f < end; f += blockDim.x) {
        m = fm::fmax2(m, energy[f]);
    }
    loudest[threadIdx.x] = m;
    __syncthreads();
    for (int32_t half = kBlock / 2; half > 0; half >>= 1) {
        if (int32_t(threadIdx.x) < half) {
            loudest[threadIdx.x] = fm::fmax2(loudest[threadIdx.x], loudest[threadIdx.x + half]);
        }
        __syncthreads();
    }
    const float threshold = activity_threshold(loudest[0]);
    for (int64_t f = begin + threadIdx.x; f < end; f += blockDim.x) {
        active[f] = energy[f] > threshold ? 1 : 0;
    }
}

__global__ void column_stats_kernel(const float* __restrict__ rows, int32_t cols,
                                    const int64_t* __restrict__ frame_offsets, int32_t first_clip,
                                    const int32_t* __restrict__ active, float db_scale,
                                    float* __restrict__ mean, float* __restrict__ std_dev,
                                    int32_t* __restrict__ counts) {
    const int32_t clip = first_clip + int32_t(blockIdx.y);
    const int32_t j = int32_t(blockIdx.x * blockDim.x + threadIdx.x);
    if (j >= cols) {
        return;
    }
    double sum = 0.0, sum_sq = 0.0;
    int32_t count = 0;
    for (int64_t f = frame_offsets[clip]; f < frame_offsets[clip + 1]; ++f) {
        if (active[f] == 0) {
            continue;
        }
        ++count;
        const float value = rows[f * cols + j];
        const double v = db_scale > 0.0f ? power_db(value, db_scale) : value;
        sum = fm::dadd(sum, v);
        sum_sq = fm::dadd(sum_sq, fm::dmul(v, v));
    }
    float m = 0.0f, s = 0.0f;
    finish_stats(sum, sum_sq, count, &m, &s);
    mean[int64_t(clip) * cols + j] = m;
    if (std_dev != nullptr) {
        std_dev[int64_t(clip) * cols + j] = s;
    }
    if (counts != nullptr && j == 0) {
        counts[clip] = count;
    }
}

// Real cepstrum of the mirrored log spectrum, lifter, back: the CPU's two fft_inplace calls.
__global__ void cepstral_smooth_kernel(const float* __restrict__ log_spectra, int32_t fft,
                                       int32_t lifter, const Complex* __restrict__ twiddles,
                                       float* __restrict__ out) {
    extern __shared__ Complex shared[];
    Complex* s = shared;
    Complex* t = shared + fft;
    const int32_t bins = fft / 2 + 1;
    const int32_t bits = log2_exact(fft);
    const float* spectrum = log_spectra + int64_t(blockIdx.x) * bins;
    for (int32_t k = int32_t(threadIdx.x); k < fft; k += int32_t(blockDim.x)) {
        s[reverse_bits(uint32_t(k), bits)] = Complex{spectrum[k < bins ? k : fft - k], 0.0f};
    }
    __syncthreads();
    block_fft_stages(s, fft, true, twiddles);
    const float scale = 1.0f / float(fft);
    for (int32_t q = int32_t(threadIdx.x); q < fft; q += int32_t(blockDim.x)) {
        const bool keep = q < lifter || q > fft - lifter;
        t[reverse_bits(uint32_t(q), bits)] =
            keep ? Complex{fm::mul(s[q].re, scale), fm::mul(s[q].im, scale)} : Complex{0.0f, 0.0f};
    }
    __syncthreads();
    block_fft_stages(t, fft, false, twiddles);
    for (int32_t k = int32_t(threadIdx.x); k < bins; k += int32_t(blockDim.x)) {
        out[int64_t(blockIdx.x) * bins + k] = t[k].re;
    }
}

int32_t chunk(int32_t clips, int32_t first) {
    return clips - first < kMaxClipsPerLaunch ? clips - first : kMaxClipsPerLaunch;
}

}  // namespace

cudaError_t launch_activity(const float* energy, const int64_t* frame_offsets, int32_t clips,
                            int32_t* active, cudaStream_t stream) {
    for (int32_t first = 0; first < clips; first += kMaxClipsPerLaunch) {
        activity_kernel<<<unsigned(chunk(clips, first)), kBlock, 0, stream>>>(energy, frame_offsets,
                                                                              first, active);
    }
    return cudaGetLastError();
}

cudaError_t launch_column_stats(const float* rows, int32_t cols, const int64_t* frame_offsets,
                                int32_t clips, const int32_t* active, float db_scale, float* mean,
                                float* std_dev, int32_t* counts, cudaStream_t stream) {
    const int32_t threads = cols < kBlock ? cols : kBlock;
    for (int32_t first = 0; first < clips; first += kMaxClipsPerLaunch) {
        const dim3 grid(unsigned((cols + threads - 1) / threads), unsigned(chunk(clips, first)));
        column_stats_kernel<<<grid, unsigned(threads), 0, stream>>>(
            rows, cols, frame_offsets, first, active, db_scale, mean, std_dev, counts);
    }
    return cudaGetLastError();
}

cudaError_t launch_cepstral_smooth(const float* log_spectra, int32_t clips, int32_t fft,
                                   int32_t lifter, const Complex* twiddles, float* out,
                                   cudaStream_t stream) {
    // Grid x has room for any int32 clip count.
    cepstral_smooth_kernel<<<unsigned(clips), kBlock, 2 * size_t(fft) * sizeof(Complex), stream>>>(
        log_spectra, fft, lifter, twiddles, out);
    return cudaGetLastError();
}

}  // namespace tts::cuda
