// Per-sample conversions of the CPU reference; the CUDA kernels reproduce them exactly.
#ifndef TTS_CPU_SAMPLE_MATH_H
#define TTS_CPU_SAMPLE_MATH_H

#include <cstdint>

namespace tts::cpu {

// 1/32768 is a power of two, so s * (gain / 32768) rounds exactly like s * gain / 32768.
inline float pcm16_scale(float gain) { return gain / 32768.0f; }

// Rounds half to even (the default FP environment) and clamps; NaN maps to 0 like CUDA's
// __float2int_rn. Clamping before rounding gives the same result (both bounds are integers and
// rounding is monotonic); adding and taking away 1.5 * 2^23 then leaves |c| <= 2^22 rounded to
// an integer, where nearbyint would be a library call on x86-64 without SSE4.1.
inline int16_t pcm16_from_scaled(float v) {
    if (!(v == v)) {
        return 0;
    }
    const float c = v < -32768.0f ? -32768.0f : (v > 32767.0f ? 32767.0f : v);
    constexpr float kRound = 12582912.0f;
    return int16_t((c + kRound) - kRound);
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

// G.711 A-law (Sun g711.c linear2alaw): the 13-bit magnitude (one's complement for negatives, so
// -1 lands in the lowest step like 0), 8 segments, sign bit set for >= 0, even bits inverted. The
// 13-bit range ends at 0xFFF, so no input is out of range.
inline uint8_t alaw_from_pcm16(int16_t sample) {
    static constexpr int32_t kSegmentEnd[8] = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
    int32_t v = int32_t(sample) >> 3;
    int32_t mask = 0xD5;
    if (v < 0) {
        v = -v - 1;
        mask = 0x55;
    }
    int32_t segment = 0;
    while (v > kSegmentEnd[segment]) {
        ++segment;
    }
    const int32_t mantissa = (v >> (segment < 2 ? 1 : segment)) & 0xF;
    return uint8_t(((segment << 4) | mantissa) ^ mask);
}

}  // namespace tts::cpu

#endif
