// G.711 A-law encoding.
#ifndef TTS_CUDA_ALAW_CUH
#define TTS_CUDA_ALAW_CUH

#include "cuda/common.cuh"

namespace tts::cuda {

// linear2alaw with the segment found from the top set bit instead of a table search; the
// results equal the CPU's (cpu/sample_math.h) for every int16.
__device__ __forceinline__ uint8_t alaw_from_pcm16(int32_t sample) {
    int32_t v = sample >> 3;
    int32_t mask = 0xD5;
    if (v < 0) {
        v = -v - 1;
        mask = 0x55;
    }
    // v is 0..0xFFF. Segment 0 ends at 0x1F, segment s at (0x20 << s) - 1: the top bit's index
    // minus 4 (__clz(0) is 32, so 0 lands in segment 0 too).
    const int32_t segment = max(0, 27 - __clz(v));
    const int32_t mantissa = (v >> max(segment, 1)) & 0xF;
    return uint8_t(((segment << 4) | mantissa) ^ mask);
}

cudaError_t launch_alaw_encode(const int16_t* in, int64_t n, uint8_t* out, cudaStream_t stream);

}  // namespace tts::cuda

#endif
