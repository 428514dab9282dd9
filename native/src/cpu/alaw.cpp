#include "cpu/ops.h"
#include "cpu/sample_math.h"

namespace tts::cpu {

void alaw_encode(const int16_t* in, int64_t n, uint8_t* out) {
    for (int64_t i = 0; i < n; ++i) {
        out[i] = alaw_from_pcm16(in[i]);
    }
}

}  // namespace tts::cpu
