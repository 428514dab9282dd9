// The output stages of the render: overlap-add, loudness and the peak limiter.
#include "cuda/envelope_transfer.cuh"

namespace tts::cuda {
namespace {

int32_t chunk(int32_t clips, int32_t first) {
    return clips - first < kMaxClipsPerLaunch ? clips - first : kMaxClipsPerLaunch;
}

// Sample t of a clip lies in its local frames t / hop .. t / hop + 3; they are added in that
// order from 0, as the CPU accumulates frame after frame.
__global__ void ola_kernel(RenderBatch b, int32_t first_clip, const float* __restrict__ frames_out,
                           const float* __restrict__ inv_norm, float* __restrict__ y) {
    const int32_t c = first_clip + int32_t(blockIdx.y);
    const int64_t begin = b.offsets[c], n = b.offsets[c + 1] - begin;
    const int32_t hop = b.shape.hop, frame = b.shape.frame;
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t t = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; t < n; t += stride) {
        const int64_t first_local = t / hop;
        float acc = 0.0f;
        for (int32_t i = 0; i < 4; ++i) {
            const int64_t local = first_local + i;
            const int64_t j = t - render_frame_start(local, b.shape);
            acc = fm::add(acc, __ldg(frames_out + (b.frame_offsets[c] + local) * frame + j));
        }
        y[begin + t] = fm::mul(acc, __ldg(inv_norm + (t - first_local * hop)));
    }
}

__global__ void level_kernel(RenderBatch b, const float* __restrict__ y,
                             const float* __restrict__ mean_in, const float* __restrict__ mean_out,
                             const int32_t* __restrict__ counts, float target_power,
                             float* __restrict__ clip_gain, int32_t* __restrict__ clip_limit) {
    __shared__ float peak[kBlock];
    const int32_t c = blockIdx.x;
    float m = 0.0f;
    for (int64_t t = b.offsets[c] + threadIdx.x; t < b.offsets[c + 1]; t += blockDim.x) {
        m = fm::fmax2(m, fabsf(y[t]));
    }
    peak[threadIdx.x] = m;
    __syncthreads();
    for (int32_t half = kBlock / 2; half > 0; half >>= 1) {
        if (int32_t(threadIdx.x) < half) {
            peak[threadIdx.x] = fm::fmax2(peak[threadIdx.x], peak[threadIdx.x + half]);
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        const float g = loudness_gain(target_power, mean_in[c], mean_out[c], counts[c]);
        clip_gain[c] = g;
        clip_limit[c] = fm::mul(peak[0], g) > 1.0f ? 1 : 0;
    }
}

// lowest[t] = the smallest limit ratio within reach of t (limited clips only).
__global__ void lowest_kernel(RenderBatch b, int32_t first_clip, const float* __restrict__ y,
                              const float* __restrict__ clip_gain,
                              const int32_t* __restrict__ clip_limit, float* __restrict__ lowest) {
    const int32_t c = first_clip + int32_t(blockIdx.y);
    if (clip_limit[c] == 0) {
        return;
    }
    const int64_t begin = b.offsets[c], n = b.offsets[c + 1] - begin;
    const float g = clip_gain[c];
    const int32_t reach = b.shape.reach;
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t t = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; t < n; t += stride) {
        const int64_t lo = t - reach < 0 ? 0 : t - reach;
        const int64_t hi = t + reach > n - 1 ? n - 1 : t + reach;
        float m = 1.0f;
        for (int64_t u = lo; u <= hi; ++u) {
            m = fm::fmin2(m, limit_ratio(__ldg(y + begin + u), g));
        }
        lowest[begin + t] = m;
    }
}

__global__ void output_kernel(RenderBatch b, int32_t first_clip, const float* __restrict__ y,
                              const float* __restrict__ clip_gain,
                              const int32_t* __restrict__ clip_limit,
                              const float* __restrict__ lowest, float* __restrict__ out) {
    const int32_t c = first_clip + int32_t(blockIdx.y);
    const int64_t begin = b.offsets[c], n = b.offsets[c + 1] - begin;
    const float g = clip_gain[c];
    const bool limit = clip_limit[c] != 0;
    const int32_t half = b.shape.reach / 2;
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t t = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; t < n; t += stride) {
        float v = fm::mul(y[begin + t], g);
        if (limit) {
            float sum = 0.0f;
            for (int64_t u = t - half; u <= t + half; ++u) {
                const int64_t k = u < 0 ? 0 : (u > n - 1 ? n - 1 : u);
                sum = fm::add(sum, __ldg(lowest + begin + k));
            }
            v = fm::mul(v, fm::div(sum, float(2 * half + 1)));
        }
        out[begin + t] = fm::fmin2(fm::fmax2(v, -1.0f), 1.0f);
    }
}

}  // namespace

cudaError_t launch_render_ola(const RenderBatch& b, const float* frames_out, const float* inv_norm,
                              float* y, cudaStream_t stream) {
    for (int32_t first = 0; first < b.clips; first += kMaxClipsPerLaunch) {
        const dim3 grid(blocks_for(b.longest), unsigned(chunk(b.clips, first)));
        ola_kernel<<<grid, kBlock, 0, stream>>>(b, first, frames_out, inv_norm, y);
    }
    return cudaGetLastError();
}

cudaError_t launch_render_level(const RenderBatch& b, const float* y, const float* mean_in,
                                const float* mean_out, const int32_t* counts, float target_power,
                                float* clip_gain, int32_t* clip_limit, cudaStream_t stream) {
    level_kernel<<<unsigned(b.clips), kBlock, 0, stream>>>(b, y, mean_in, mean_out, counts,
                                                           target_power, clip_gain, clip_limit);
    return cudaGetLastError();
}

cudaError_t launch_render_output(const RenderBatch& b, const float* y, const float* clip_gain,
                                 const int32_t* clip_limit, float* lowest, float* out,
                                 cudaStream_t stream) {
    for (int32_t first = 0; first < b.clips; first += kMaxClipsPerLaunch) {
        const dim3 grid(blocks_for(b.longest), unsigned(chunk(b.clips, first)));
        lowest_kernel<<<grid, kBlock, 0, stream>>>(b, first, y, clip_gain, clip_limit, lowest);
        output_kernel<<<grid, kBlock, 0, stream>>>(b, first, y, clip_gain, clip_limit, lowest, out);
    }
    return cudaGetLastError();
}

}  // namespace tts::cuda
