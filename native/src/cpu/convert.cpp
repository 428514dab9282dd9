#include "cpu/ops.h"
#include "cpu/sample_math.h"

namespace tts::cpu {

void pcm16_to_float(const int16_t* in, int64_t n, float gain, float* out) {
    const float scale = pcm16_scale(gain);
    for (int64_t i = 0; i < n; ++i) {
        out[i] = float(in[i]) * scale;
    }
}

void float_to_pcm16(const float* in, int64_t n, float gain, int16_t* out) {
    for (int64_t i = 0; i < n; ++i) {
        out[i] = pcm16_from_scaled(in[i] * gain * 32768.0f);
    }
}

}  // namespace tts::cpu
