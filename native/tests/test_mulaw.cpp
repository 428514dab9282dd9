// G.711 mu-law against independently written references: the standard decoder, every int16
// through a table-driven encoder, monotonicity and known points.
#include <cstdint>
#include <vector>

#include "check.h"

namespace {

// ITU-T G.711 mu-law decoding (the classic ulaw2linear formula).
int32_t g711_decode(uint8_t code) {
    const int32_t u = ~code & 0xFF;
    int32_t t = ((u & 0x0F) << 3) + 0x84;
    t <<= (u & 0x70) >> 4;
    return (u & 0x80) ? 0x84 - t : t - 0x84;
}

// Encoder driven by a 256-entry exponent table indexed by the biased magnitude's top bits.
uint8_t table_encode(int16_t sample) {
    static uint8_t exponent_of[256];
    static bool ready = false;
    if (!ready) {
        for (int32_t i = 0; i < 256; ++i) {
            int32_t e = 0;
            while ((i >> e) > 1) {
                ++e;
            }
            exponent_of[i] = uint8_t(e);  // floor(log2(i)), 0 for 0 and 1
        }
        ready = true;
    }
    int32_t s = sample;
    const int32_t sign = s < 0 ? 0x80 : 0x00;
    if (s < 0) {
        s = -s;
    }
    if (s > 32635) {
        s = 32635;
    }
    s += 0x84;
    const int32_t exponent = exponent_of[(s >> 7) & 0xFF];
    const int32_t mantissa = (s >> (exponent + 3)) & 0x0F;
    return uint8_t(~(sign | (exponent << 4) | mantissa));
}

// Position of a code on the line of decoded values (-0 just below +0).
int32_t ordinal(uint8_t code) {
    const int32_t u = ~code & 0xFF;
    return (u & 0x80) ? 127 - (u & 0x7F) : 128 + (u & 0x7F);
}

}  // namespace

int main() {
    tts_context* context = nullptr;
    CHECK_OK(tts_context_create(TTS_BACKEND_CPU, &context));

    std::vector<int16_t> all(65536);
    for (int32_t i = 0; i < 65536; ++i) {
        all[size_t(i)] = int16_t(i - 32768);
    }
    std::vector<uint8_t> codes(all.size());
    CHECK_OK(tts_mulaw_encode(context, all.data(), int64_t(all.size()), codes.data()));

    int mismatches = 0;
    int not_monotonic = 0;
    for (size_t i = 0; i < all.size(); ++i) {
        mismatches += codes[i] != table_encode(all[i]);
        if (i > 0) {
            not_monotonic += ordinal(codes[i]) < ordinal(codes[i - 1]);
        }
    }
    CHECK(mismatches == 0);
    CHECK(not_monotonic == 0);

    int round_trip_errors = 0;
    for (int32_t code = 0; code < 256; ++code) {
        if (code == 0x7F || code == 0xFF) {
            continue;  // -0 and +0 both decode to 0, which encodes as 0xFF
        }
        const int16_t decoded = int16_t(g711_decode(uint8_t(code)));
        uint8_t encoded = 0;
        CHECK_OK(tts_mulaw_encode(context, &decoded, 1, &encoded));
        round_trip_errors += encoded != code;
    }
    CHECK(round_trip_errors == 0);

    CHECK(codes[32768] == 0xFF);          // 0
    CHECK(codes[32768 + 32767] == 0x80);  // 32767
    CHECK(codes[0] == 0x00);              // -32768
    CHECK(g711_decode(0x80) == 32124 && g711_decode(0x00) == -32124);
    CHECK(codes[32768 - 1] == 0x7F);  // -1 is a negative zero step

    tts_context_destroy(context);
    return check::finish("test_mulaw");
}
