#include <cstring>
#include <vector>

#include "common/encoding.h"
#include "common/polyphase.h"
#include "cpu/ops.h"
#include "cpu/sample_math.h"

namespace tts::cpu {
namespace {

// Little-endian byte order regardless of the host's.
template <int32_t Encoding>
inline void encode_sample(float y, uint8_t* dst) {
    if constexpr (Encoding == TTS_ENCODING_LINEAR16) {
        const uint16_t v = uint16_t(pcm16_from_scaled(y * 32768.0f));
        dst[0] = uint8_t(v & 0xFF);
        dst[1] = uint8_t(v >> 8);
    } else if constexpr (Encoding == TTS_ENCODING_FLOAT32) {
        // fminf(fmaxf(y, -1), 1) as on the device, NaN -> -1, without the library calls.
        const float c = y > -1.0f ? (y < 1.0f ? y : 1.0f) : -1.0f;
        uint32_t bits;
        std::memcpy(&bits, &c, sizeof bits);
        for (int b = 0; b < 4; ++b) {
            dst[b] = uint8_t(bits >> (8 * b));
        }
    } else if constexpr (Encoding == TTS_ENCODING_MULAW) {
        dst[0] = mulaw_from_pcm16(pcm16_from_scaled(y * 32768.0f));
    } else {
        dst[0] = alaw_from_pcm16(pcm16_from_scaled(y * 32768.0f));
    }
}

// One clip of n input samples into m encoded output samples. Every input sample sits under
// about taps * up / down output taps, so it is scaled into floats once (scaled holds them; the
// same product as the device's per-tap one, so the same bits).
template <int32_t Encoding>
void encode_clip(const ResampleFilter* filter, const int16_t* x, int64_t n, float scale,
                 std::vector<float>& scaled, uint8_t* dst, int64_t m) {
    constexpr int32_t kBytes = encoding_bytes(Encoding);
    if (filter == nullptr) {
        for (int64_t j = 0; j < m; ++j) {
            encode_sample<Encoding>(float(x[j]) * scale, dst + j * kBytes);
        }
        return;
    }
    scaled.resize(size_t(n));
    for (int64_t k = 0; k < n; ++k) {
        scaled[size_t(k)] = float(x[k]) * scale;
    }
    const float* xs = scaled.data();
    const auto load = [xs](int64_t k) { return xs[k]; };
    const Polyphase shape = polyphase_of(filter);
    const PolyphaseStep step = polyphase_step(shape);
    PolyphasePosition at{0, 0};
    for (int64_t j = 0; j < m; ++j) {
        encode_sample<Encoding>(polyphase_sample(shape, filter->coeffs.data(), load, n, at),
                                dst + j * kBytes);
        polyphase_advance(shape, step, &at);
    }
}

}  // namespace

void output_stage(const ResampleFilter* filter, const int16_t* in, const int64_t* in_offsets,
                  int32_t batch, float gain, int32_t encoding, uint8_t* out,
                  const int64_t* out_offsets) {
    const float scale = pcm16_scale(gain);
    const int32_t bytes = encoding_bytes(encoding);
    std::vector<float> scaled;
    for (int32_t c = 0; c < batch; ++c) {
        const int16_t* x = in + in_offsets[c];
        const int64_t n = in_offsets[c + 1] - in_offsets[c];
        uint8_t* dst = out + out_offsets[c];
        const int64_t m = (out_offsets[c + 1] - out_offsets[c]) / bytes;
        switch (encoding) {
            case TTS_ENCODING_LINEAR16:
                encode_clip<TTS_ENCODING_LINEAR16>(filter, x, n, scale, scaled, dst, m);
                break;
            case TTS_ENCODING_FLOAT32:
                encode_clip<TTS_ENCODING_FLOAT32>(filter, x, n, scale, scaled, dst, m);
                break;
            case TTS_ENCODING_MULAW:
                encode_clip<TTS_ENCODING_MULAW>(filter, x, n, scale, scaled, dst, m);
                break;
            default:
                encode_clip<TTS_ENCODING_ALAW>(filter, x, n, scale, scaled, dst, m);
                break;
        }
    }
}

}  // namespace tts::cpu
