// YIN pitch per analysis frame.
#ifndef TTS_CUDA_YIN_CUH
#define TTS_CUDA_YIN_CUH

#include "common/spectral.h"
#include "cuda/common.cuh"

namespace tts::cuda {

// One block per frame: the block's threads compute the difference function, one lag each,
// summing j = 0, 1, ... in the CPU's order; thread 0 normalizes and picks, as the CPU does.
cudaError_t launch_yin(const float* audio, int64_t n, int32_t frames, YinLags lags, float* f0,
                       float* confidence, cudaStream_t stream);

}  // namespace tts::cuda

#endif
