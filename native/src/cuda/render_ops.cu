// tts_envelope_transfer(_pcm16) on the device: the host lays out frames and tables, every stage
// is one launch over the whole batch, one copy brings the output back.
#include <vector>

#include "common/render_plan.h"
#include "common/spectral.h"
#include "cuda/convert.cuh"
#include "cuda/device.cuh"
#include "cuda/envelope_transfer.cuh"
#include "cuda/voice_stats.cuh"

namespace tts::cuda {
namespace {

struct RenderBuffers {
    float* in;
    float* out;
    float* y;
    float* lowest;
    int64_t* offsets;
    int64_t* frame_offsets;
    int32_t* frame_clip;
    float* window;
    float* inv_norm;
    float* target;
    float* energy;
    float* out_energy;
    int32_t* active;
    float* power;
    float* frames_out;
    float* mean_db;
    float* env;
    float* gain;
    int32_t* counts;
    float* mean_in;
    float* mean_out;
    float* clip_gain;
    int32_t* clip_limit;
};

RenderBuffers layout(Arena& a, int64_t total, int32_t clips, int64_t frames, const RenderShape& s) {
    const size_t t = size_t(total), c = size_t(clips), f = size_t(frames);
    RenderBuffers b{};
    b.in = a.take<float>(t);
    b.out = a.take<float>(t);
    b.y = a.take<float>(t);
    b.lowest = a.take<float>(t);
    b.offsets = a.take<int64_t>(c + 1);
    b.frame_offsets = a.take<int64_t>(c + 1);
    b.frame_clip = a.take<int32_t>(f);
    b.window = a.take<float>(size_t(s.frame));
    b.inv_norm = a.take<float>(size_t(s.hop));
    b.target = a.take<float>(TTS_ENVELOPE_POINTS);
    b.energy = a.take<float>(f);
    b.out_energy = a.take<float>(f);
    b.active = a.take<int32_t>(f);
    b.power = a.take<float>(f * size_t(s.bins));
    b.frames_out = a.take<float>(f * size_t(s.frame));
    b.mean_db = a.take<float>(c * size_t(s.bins));
    b.env = a.take<float>(c * size_t(s.bins));
    b.gain = a.take<float>(c * size_t(s.bins));
    b.counts = a.take<int32_t>(c);
    b.mean_in = a.take<float>(c);
    b.mean_out = a.take<float>(c);
    b.clip_gain = a.take<float>(c);
    b.clip_limit = a.take<int32_t>(c);
    return b;
}

cudaError_t run_kernels(const RenderBatch& rb, const RenderBuffers& b, const Complex* twiddles,
                        float strength, float target_power, cudaStream_t stream) {
    const RenderShape& s = rb.shape;
    const int32_t clips = rb.clips;
    const cudaError_t steps[] = {
        launch_render_energy(rb, b.in, b.energy, stream),
        launch_activity(b.energy, b.frame_offsets, clips, b.active, stream),
        launch_render_power(rb, b.in, b.window, twiddles, b.power, stream),
        launch_column_stats(b.power, s.bins, b.frame_offsets, clips, b.active, s.db_scale,
                            b.mean_db, nullptr, b.counts, stream),
        launch_column_stats(b.energy, 1, b.frame_offsets, clips, b.active, 0.0f, b.mean_in, nullptr,
                            nullptr, stream),
        launch_cepstral_smooth(b.mean_db, clips, s.fft, s.lifter, twiddles, b.env, stream),
        launch_render_gain(rb, b.env, b.target, b.counts, strength, b.gain, stream),
        launch_render_synth(rb, b.in, b.window, twiddles, b.gain, b.frames_out, stream),
        launch_render_ola(rb, b.frames_out, b.inv_norm, b.y, stream),
        launch_render_energy(rb, b.y, b.out_energy, stream),
        launch_column_stats(b.out_energy, 1, b.frame_offsets, clips, b.active, 0.0f, b.mean_out,
                            nullptr, nullptr, stream),
        launch_render_level(rb, b.y, b.mean_in, b.mean_out, b.counts, target_power, b.clip_gain,
                            b.clip_limit, stream),
        launch_render_output(rb, b.y, b.clip_gain, b.clip_limit, b.lowest, b.out, stream),
    };
    for (cudaError_t e : steps) {
        if (e != cudaSuccess) {
            return e;
        }
    }
    return cudaSuccess;
}

// Both entry points: in is float or (pcm16) int16 clips, out the same type. An int16 batch is
// uploaded as int16 and converted on the device, and converted back before the one download.
int32_t render(Device* device, const void* in, bool pcm16, const int64_t* offsets, int32_t batch,
               int32_t rate, const float* target_db, float strength, float target_power,
               void* out) {
    const SpectralTables* tables = nullptr;
    if (int32_t s = prepare_spectral(device, &tables)) {
        return s;
    }
    const RenderShape shape = render_shape(rate);
    const RenderTables host_tables = render_tables(shape);
    std::vector<int64_t> frame_offsets{0};
    int64_t longest = 0;
    for (int32_t c = 0; c < batch; ++c) {
        const int64_t n = offsets[c + 1] - offsets[c];
        longest = n > longest ? n : longest;
        frame_offsets.push_back(frame_offsets.back() + render_frames(n, shape.hop));
    }
    const int64_t frames = frame_offsets.back();
    std::vector<int32_t> frame_clip(static_cast<size_t>(frames));
    for (int32_t c = 0; c < batch; ++c) {
        std::fill(frame_clip.begin() + frame_offsets[size_t(c)],
                  frame_clip.begin() + frame_offsets[size_t(c) + 1], c);
    }
    const int64_t total = offsets[batch];
    RenderBuffers b{};
    int16_t* pcm = nullptr;  // the int16 clips in and out (pcm16 only)
    if (int32_t s = carve(device, [&](Arena& a) {
            b = layout(a, total, batch, frames, shape);
            pcm = a.take<int16_t>(pcm16 ? size_t(total) : 0);
        })) {
        return s;
    }
    const size_t in_bytes = size_t(total) * (pcm16 ? sizeof(int16_t) : sizeof(float));
    const struct {
        void* dst;
        const void* src;
        size_t bytes;
    } copies[] = {
        {pcm16 ? static_cast<void*>(pcm) : static_cast<void*>(b.in), in, in_bytes},
        {b.offsets, offsets, (size_t(batch) + 1) * sizeof(int64_t)},
        {b.frame_offsets, frame_offsets.data(), frame_offsets.size() * sizeof(int64_t)},
        {b.frame_clip, frame_clip.data(), frame_clip.size() * sizeof(int32_t)},
        {b.window, host_tables.window.data(), host_tables.window.size() * sizeof(float)},
        {b.inv_norm, host_tables.inv_norm.data(), host_tables.inv_norm.size() * sizeof(float)},
        {b.target, target_db, TTS_ENVELOPE_POINTS * sizeof(float)},
    };
    for (const auto& c : copies) {
        CUDA_CHECK(cudaMemcpyAsync(c.dst, c.src, c.bytes, cudaMemcpyHostToDevice, device->stream));
    }
    if (pcm16) {
        // gain 1: the scale tts_pcm16_to_float uses, 1 / 32768
        CUDA_CHECK(launch_pcm16_to_float(pcm, total, 1.0f / 32768.0f, b.in, device->stream));
    }
    const RenderBatch rb{b.offsets,       b.frame_offsets, b.frame_clip, batch,
                         int32_t(frames), longest,         shape};
    CUDA_CHECK(run_kernels(rb, b, tables->twiddles, strength, target_power, device->stream));
    const void* result = b.out;
    if (pcm16) {
        CUDA_CHECK(launch_float_to_pcm16(b.out, total, 1.0f, pcm, device->stream));
        result = pcm;
    }
    if (int32_t s = download_async(device, out, result,
                                   size_t(total) * (pcm16 ? sizeof(int16_t) : sizeof(float)))) {
        return s;
    }
    // The host vectors above must outlive the copies from them: synchronize before returning.
    return synchronize(device);
}

}  // namespace

int32_t envelope_transfer(Device* device, const float* in, const int64_t* offsets, int32_t batch,
                          int32_t rate, const float* target_db, float strength, float target_power,
                          float* out) {
    return render(device, in, false, offsets, batch, rate, target_db, strength, target_power, out);
}

int32_t envelope_transfer_pcm16(Device* device, const int16_t* in, const int64_t* offsets,
                                int32_t batch, int32_t rate, const float* target_db, float strength,
                                float target_power, int16_t* out) {
    return render(device, in, true, offsets, batch, rate, target_db, strength, target_power, out);
}

}  // namespace tts::cuda
