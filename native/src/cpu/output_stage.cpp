#include <algorithm>
#include <cstring>

#include "common/encoding.h"
#include "cpu/ops.h"
#include "cpu/polyphase.h"
#include "cpu/sample_math.h"

namespace tts::cpu {
namespace {

// Little-endian byte order regardless of the host's.
void encode_sample(float y, int32_t encoding, uint8_t* dst) {
    switch (encoding) {
        case TTS_ENCODING_LINEAR16: {
            const uint16_t v = uint16_t(pcm16_from_scaled(y * 32768.0f));
            dst[0] = uint8_t(v & 0xFF);
            dst[1] = uint8_t(v >> 8);
            break;
        }
        case TTS_ENCODING_FLOAT32: {
            const float c = std::fmin(std::fmax(y, -1.0f), 1.0f);
            uint32_t bits;
            std::memcpy(&bits, &c, sizeof bits);
            for (int b = 0; b < 4; ++b) {
                dst[b] = uint8_t(bits >> (8 * b));
            }
            break;
        }
        default:
            dst[0] = mulaw_from_pcm16(pcm16_from_scaled(y * 32768.0f));
            break;
    }
}

}  // namespace

void output_stage(const ResampleFilter* filter, const int16_t* in, const int64_t* in_offsets,
                  int32_t batch, float gain, int32_t encoding, uint8_t* out,
                  const int64_t* out_offsets) {
    const float scale = pcm16_scale(gain);
    const int32_t bytes = encoding_bytes(encoding);
    for (int32_t c = 0; c < batch; ++c) {
        const int16_t* x = in + in_offsets[c];
        const int64_t n = in_offsets[c + 1] - in_offsets[c];
        uint8_t* dst = out + out_offsets[c];
        const int64_t m = (out_offsets[c + 1] - out_offsets[c]) / bytes;
        const auto load = [x, scale](int64_t k) { return float(x[k]) * scale; };
        for (int64_t j = 0; j < m; ++j) {
            const float y = filter != nullptr ? polyphase_sample(*filter, load, n, j) : load(j);
            encode_sample(y, encoding, dst + j * bytes);
        }
    }
}

}  // namespace tts::cpu
