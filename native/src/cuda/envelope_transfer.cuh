// The render stage's kernels (tts_envelope_transfer), each one launch over all clips. The
// reductions between them come from voice_stats.cuh.
#ifndef TTS_CUDA_ENVELOPE_TRANSFER_CUH
#define TTS_CUDA_ENVELOPE_TRANSFER_CUH

#include "common/fft_math.h"
#include "common/render_plan.h"
#include "cuda/common.cuh"

namespace tts::cuda {

// The batch's layout on the device: clip c has samples offsets[c]..offsets[c + 1] and frames
// frame_offsets[c]..frame_offsets[c + 1]; frame_clip[f] is the clip of frame f.
struct RenderBatch {
    const int64_t* offsets;
    const int64_t* frame_offsets;
    const int32_t* frame_clip;
    int32_t clips;
    int32_t frames;
    int64_t longest;  // samples of the longest clip
    RenderShape shape;
};

// energy[f] = mean square of frame f's N samples of x (laid out like the input).
cudaError_t launch_render_energy(const RenderBatch& b, const float* x, float* energy,
                                 cudaStream_t stream);
// power: frames x bins of the windowed, zero-padded frames.
cudaError_t launch_render_power(const RenderBatch& b, const float* in, const float* window,
                                const Complex* twiddles, float* power, cudaStream_t stream);
// gain: clips x bins from the smoothed envelopes env (clips x bins).
cudaError_t launch_render_gain(const RenderBatch& b, const float* env, const float* target_db,
                               const int32_t* counts, float strength, float* gain,
                               cudaStream_t stream);
// frames_out: frames x N, each frame filtered by its clip's gain, inverse transformed, windowed.
cudaError_t launch_render_synth(const RenderBatch& b, const float* in, const float* window,
                                const Complex* twiddles, const float* gain, float* frames_out,
                                cudaStream_t stream);
// y = overlap-add of the 4 frames over each sample, normalized.
cudaError_t launch_render_ola(const RenderBatch& b, const float* frames_out, const float* inv_norm,
                              float* y, cudaStream_t stream);
// Per clip: the loudness gain and whether the limiter must act (peak * gain > 1).
cudaError_t launch_render_level(const RenderBatch& b, const float* y, const float* mean_in,
                                const float* mean_out, const int32_t* counts, float target_power,
                                float* clip_gain, int32_t* clip_limit, cudaStream_t stream);
// out = y * gain, through the limiter on the clips that need it (lowest is scratch).
cudaError_t launch_render_output(const RenderBatch& b, const float* y, const float* clip_gain,
                                 const int32_t* clip_limit, float* lowest, float* out,
                                 cudaStream_t stream);

}  // namespace tts::cuda

#endif
