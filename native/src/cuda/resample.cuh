// Batched polyphase resampling of float clips.
#ifndef TTS_CUDA_RESAMPLE_CUH
#define TTS_CUDA_RESAMPLE_CUH

#include "common/polyphase.h"
#include "cuda/common.cuh"

namespace tts::cuda {

// One block row per clip (blockIdx.y); max_out is the longest clip's output length.
cudaError_t launch_resample(const float* in, const int64_t* in_offsets, int32_t batch,
                            int64_t max_out, Polyphase p, const float* table, float* out,
                            const int64_t* out_offsets, cudaStream_t stream);

}  // namespace tts::cuda

#endif
