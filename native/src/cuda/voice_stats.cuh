// Per-clip reductions shared by the analysis and the render: activity, column statistics over
// active frames, cepstral smoothing. Same contracts as cpu/spectral.h; frame_offsets,
// active and the rows live on the device.
#ifndef TTS_CUDA_VOICE_STATS_CUH
#define TTS_CUDA_VOICE_STATS_CUH

#include "common/fft_math.h"
#include "cuda/common.cuh"

namespace tts::cuda {

// One block per clip: the loudest frame (a max, exact in any order), then the flags.
cudaError_t launch_activity(const float* energy, const int64_t* frame_offsets, int32_t clips,
                            int32_t* active, cudaStream_t stream);

// One thread per (clip, column), frames in order with double sums, as on the CPU. std_dev and
// counts may be null.
cudaError_t launch_column_stats(const float* rows, int32_t cols, const int64_t* frame_offsets,
                                int32_t clips, const int32_t* active, float db_scale, float* mean,
                                float* std_dev, int32_t* counts, cudaStream_t stream);

// One block per clip, fft <= 2048.
cudaError_t launch_cepstral_smooth(const float* log_spectra, int32_t clips, int32_t fft,
                                   int32_t lifter, const Complex* twiddles, float* out,
                                   cudaStream_t stream);

}  // namespace tts::cuda

#endif
