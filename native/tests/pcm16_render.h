// The render stage the way the service ran it before tts_envelope_transfer_pcm16: every clip
// converted to float on its own, one tts_envelope_transfer over the batch, every clip converted
// back. The one-call entry point must give the same bits.
#ifndef TTS_TESTS_PCM16_RENDER_H
#define TTS_TESTS_PCM16_RENDER_H

#include <cstdint>
#include <random>
#include <vector>

#include "ttsnative.h"

namespace pcm16_render {

// Returns the first failing status, or TTS_OK.
inline int32_t three_steps(tts_context* ctx, const std::vector<int16_t>& in,
                           const std::vector<int64_t>& offsets, int32_t rate, const float* target,
                           float strength, float loudness, std::vector<int16_t>& out) {
    const int32_t batch = int32_t(offsets.size()) - 1;
    std::vector<float> x(in.size()), y(in.size());
    out.assign(in.size(), 0);
    for (int32_t c = 0; c < batch; ++c) {
        const int64_t n = offsets[c + 1] - offsets[c];
        if (int32_t s =
                tts_pcm16_to_float(ctx, in.data() + offsets[c], n, 1.0f, x.data() + offsets[c])) {
            return s;
        }
    }
    if (int32_t s = tts_envelope_transfer(ctx, x.data(), offsets.data(), batch, rate, target,
                                          strength, loudness, y.data())) {
        return s;
    }
    for (int32_t c = 0; c < batch; ++c) {
        const int64_t n = offsets[c + 1] - offsets[c];
        if (int32_t s =
                tts_float_to_pcm16(ctx, y.data() + offsets[c], n, 1.0f, out.data() + offsets[c])) {
            return s;
        }
    }
    return TTS_OK;
}

// Float audio quantized to int16 (round to nearest, clamped), with a little dither from rng.
inline std::vector<int16_t> quantize(const std::vector<float>& x, std::mt19937_64& rng) {
    std::uniform_real_distribution<float> dither(-0.5f, 0.5f);
    std::vector<int16_t> v(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        float s = x[i] * 32768.0f + dither(rng);
        s = s < -32768.0f ? -32768.0f : (s > 32767.0f ? 32767.0f : s);
        v[i] = int16_t(s < 0 ? s - 0.5f : s + 0.5f);
    }
    return v;
}

}  // namespace pcm16_render

#endif
