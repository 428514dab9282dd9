// Helpers shared by the CUDA kernels and their launchers.
#ifndef TTS_CUDA_COMMON_CUH
#define TTS_CUDA_COMMON_CUH

#include <cuda_runtime.h>

#include <cstdint>

#include "api/error.h"

namespace tts::cuda {

constexpr int kBlock = 256;
// Grid-stride loops cover anything longer; this many blocks already fill any current GPU.
constexpr int64_t kMaxBlocksX = int64_t(1) << 20;
// gridDim.y limit: larger batches are launched in chunks of clips.
constexpr int32_t kMaxClipsPerLaunch = 65535;

// Stores a message naming the failed call and the CUDA error, clears the error where CUDA
// allows it, and returns TTS_ERR_DEVICE (TTS_ERR_OUT_OF_MEMORY for allocation failures).
int32_t fail_cuda(cudaError_t error, const char* expression, const char* file, int line);

inline unsigned int blocks_for(int64_t n) {
    const int64_t blocks = (n + kBlock - 1) / kBlock;
    return unsigned(blocks < 1 ? 1 : (blocks > kMaxBlocksX ? kMaxBlocksX : blocks));
}

}  // namespace tts::cuda

// Returns from the enclosing function (which returns an int32_t status) when expr fails.
#define CUDA_CHECK(expr)                                                               \
    do {                                                                               \
        const cudaError_t tts_cuda_error_ = (expr);                                    \
        if (tts_cuda_error_ != cudaSuccess) {                                          \
            return ::tts::cuda::fail_cuda(tts_cuda_error_, #expr, __FILE__, __LINE__); \
        }                                                                              \
    } while (0)

#endif
