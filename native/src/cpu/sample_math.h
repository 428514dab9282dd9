// Per-sample conversions of the CPU reference; the CUDA kernels reproduce them exactly.
#ifndef TTS_CPU_SAMPLE_MATH_H
#define TTS_CPU_SAMPLE_MATH_H

#include <cmath>
#include <cstdint>

namespace tts::cpu {

// 1/32768 is a power of two, so s * (gain / 32768) rounds exactly like s * gain / 32768.
inline float pcm16_scale(float gain) { return gain / 32768.0f; }

// Rounds half to even (the default FP environment) and clamps; NaN maps to 0 like CUDA's
// __float2int_rn.
inline int16_t pcm16_from_scaled(float v) {
    if (!(v == v)) {
        return 0;
    }
    const float r = std::nearbyint(v);
    if (r >= 32767.0f) {
        return 32767;
    }
    if (r <= -32768.0f) {
        return -32768;
    }
    return int16_t(r);
}

// G.711 mu-law (Sun g711.c linear2ulaw with the 16-bit constants).
inline uint8_t mulaw_from_pcm16(int16_t sample) {
    constexpr int32_t kBias = 0x84;
    constexpr int32_t kClip = 32635;
    static constexpr int32_t kSegmentEnd[8] = {0xFF,  0x1FF,  0x3FF,  0x7FF,
                                               0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};
    int32_t v = sample;
    int32_t mask = 0xFF;
    if (v < 0) {
        v = -v;
        mask = 0x7F;
    }
    if (v > kClip) {
        v = kClip;
    }
    v += kBias;
    int32_t segment = 0;
    while (v > kSegmentEnd[segment]) {
        ++segment;
    }
    const int32_t code = (segment << 4) | ((v >> (segment + 3)) & 0xF);
    return uint8_t(code ^ mask);
}

}  // namespace tts::cpu

#endif
