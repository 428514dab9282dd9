// G.711 mu-law encoding.
#ifndef TTS_CUDA_MULAW_CUH
#define TTS_CUDA_MULAW_CUH

#include "cuda/common.cuh"

namespace tts::cuda {

// linear2ulaw with the segment found from the top set bit instead of a table search; the
// results equal the CPU's for every int16.
__device__ __forceinline__ uint8_t mulaw_from_pcm16(int32_t sample) {
    int32_t mask = 0xFF;
    int32_t v = sample;
    if (v < 0) {
        v = -v;
        mask = 0x7F;
    }
    v = min(v, 32635) + 0x84;  // 132..32767
    // Segment 0 ends at 0xFF, segment s at (0x100 << s) - 1: the top bit's index minus 7.
    const int32_t segment = max(0, 24 - __clz(v));
    const int32_t code = (segment << 4) | ((v >> (segment + 3)) & 0xF);
    return uint8_t(code ^ mask);
}

cudaError_t launch_mulaw_encode(const int16_t* in, int64_t n, uint8_t* out, cudaStream_t stream);

}  // namespace tts::cuda

#endif
