// G.711 A-law against independently written references: an encoder read off the standard's
// segment table, the ITU-T G.191 decoder, every int16, known points, the quantisation bound and
// the decode-encode round trip of every code; then the output stage's A-law path.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "check.h"

namespace {

// The G.711 A-law segments on the 13-bit magnitude (0..4095): where each ends and its step.
// Segments 0 and 1 share the finest step; each later one doubles it.
constexpr int32_t kSegmentEnd[8] = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
constexpr int32_t kSegmentStep[8] = {2, 2, 4, 8, 16, 32, 64, 128};

// Encoder straight from the table: the 13-bit sample (16-bit >> 3), negatives as their one's
// complement magnitude, the segment the magnitude falls in, the step within it, sign bit 1 for
// positive, then every even bit inverted (XOR 0x55).
uint8_t table_encode(int16_t sample) {
    const int32_t x13 = int32_t(sample) >> 3;  // -4096..4095, rounding towards -inf
    const bool positive = x13 >= 0;
    const int32_t magnitude = positive ? x13 : -x13 - 1;
    int32_t segment = 0;
    int32_t start = 0;
    while (magnitude > kSegmentEnd[segment]) {
        start = kSegmentEnd[segment] + 1;
        ++segment;
    }
    const int32_t step_index = (magnitude - start) / kSegmentStep[segment];
    const int32_t code = (positive ? 0x80 : 0x00) | (segment << 4) | step_index;
    return uint8_t(code ^ 0x55);
}

// ITU-T G.191 (STL) alaw_expand: the middle of the code's interval on the 16-bit scale.
int32_t g711_decode(uint8_t code) {
    const int32_t ix = (code ^ 0x55) & 0x7F;
    const int32_t exponent = ix >> 4;
    int32_t mantissa = ix & 0x0F;
    if (exponent > 0) {
        mantissa += 16;
    }
    mantissa = (mantissa << 4) + 0x08;
    if (exponent > 1) {
        mantissa <<= exponent - 1;
    }
    return code > 127 ? mantissa : -mantissa;
}

// Position of a code on the line of decoded values: -128..-1 negative, 0..127 positive.
int32_t ordinal(uint8_t code) {
    const int32_t u = code ^ 0x55;
    return (u & 0x80) ? (u & 0x7F) : -(u & 0x7F) - 1;
}

// Half the 16-bit width of the step a sample falls in: A-law's largest quantisation error there.
int32_t half_step(int16_t sample) {
    const int32_t x13 = int32_t(sample) >> 3;
    const int32_t magnitude = x13 >= 0 ? x13 : -x13 - 1;
    int32_t segment = 0;
    while (magnitude > kSegmentEnd[segment]) {
        ++segment;
    }
    return kSegmentStep[segment] * 8 / 2;
}

void exhaustive(tts_context* context) {
    std::vector<int16_t> all(65536);
    for (int32_t i = 0; i < 65536; ++i) {
        all[size_t(i)] = int16_t(i - 32768);
    }
    std::vector<uint8_t> codes(all.size());
    CHECK_OK(tts_alaw_encode(context, all.data(), int64_t(all.size()), codes.data()));

    int mismatches = 0;
    int not_monotonic = 0;
    int over_half_step = 0;
    for (size_t i = 0; i < all.size(); ++i) {
        mismatches += codes[i] != table_encode(all[i]);
        if (i > 0) {
            not_monotonic += ordinal(codes[i]) < ordinal(codes[i - 1]);
        }
        over_half_step += std::abs(g711_decode(codes[i]) - all[i]) > half_step(all[i]);
    }
    CHECK(mismatches == 0);
    CHECK(not_monotonic == 0);
    CHECK(over_half_step == 0);

    CHECK(codes[32768] == 0xD5);          // 0: positive, segment 0, step 0
    CHECK(codes[32768 - 1] == 0x55);      // -1: the negative twin of 0
    CHECK(codes[32768 + 32767] == 0xAA);  // 32767: positive, segment 7, step 15
    CHECK(codes[0] == 0x2A);              // -32768
    CHECK(codes[32768 + 16] == 0xD4);     // 16: the first step up
    CHECK(codes[32768 + 512] == 0xF5);    // 512 = 0x40 << 3 starts segment 2: (0x80 | 0x20) ^ 0x55
    CHECK(g711_decode(0xD5) == 8 && g711_decode(0x55) == -8);
    CHECK(g711_decode(0xAA) == 32256 && g711_decode(0x2A) == -32256);

    // No code is a second zero in A-law: every one survives decode-encode.
    int round_trip_errors = 0;
    for (int32_t code = 0; code < 256; ++code) {
        const int16_t decoded = int16_t(g711_decode(uint8_t(code)));
        uint8_t encoded = 0;
        CHECK_OK(tts_alaw_encode(context, &decoded, 1, &encoded));
        round_trip_errors += encoded != code;
    }
    CHECK(round_trip_errors == 0);
}

// The output stage at equal rates and gain 1 is the elementwise encoder.
void output_stage(tts_context* context) {
    std::vector<int16_t> in(65536 + 7);
    for (size_t i = 0; i < in.size(); ++i) {
        in[i] = int16_t(int32_t(i % 65536) - 32768);
    }
    const int64_t in_offsets[3] = {0, 7, int64_t(in.size())};
    int64_t out_offsets[3] = {0, 0, 0};
    CHECK_OK(tts_output_stage_size(16000, 16000, TTS_ENCODING_ALAW, in_offsets, 2, out_offsets));
    CHECK(out_offsets[2] == int64_t(in.size()));
    std::vector<uint8_t> staged(in.size()), direct(in.size());
    CHECK_OK(tts_output_stage(context, in.data(), in_offsets, 2, 16000, 16000, 1.0f,
                              TTS_ENCODING_ALAW, staged.data(), out_offsets));
    CHECK_OK(tts_alaw_encode(context, in.data(), int64_t(in.size()), direct.data()));
    CHECK(staged == direct);

    // Resampled with a gain, the codes are the A-law of the LINEAR16 render: both encode the
    // same rounded samples.
    int64_t lin_offsets[3] = {0, 0, 0};
    CHECK_OK(tts_output_stage_size(16000, 8000, TTS_ENCODING_ALAW, in_offsets, 2, out_offsets));
    CHECK_OK(tts_output_stage_size(16000, 8000, TTS_ENCODING_LINEAR16, in_offsets, 2, lin_offsets));
    CHECK(lin_offsets[2] == 2 * out_offsets[2]);
    const size_t m = size_t(out_offsets[2]);
    std::vector<uint8_t> alaw(m);
    std::vector<int16_t> linear(m);
    CHECK_OK(tts_output_stage(context, in.data(), in_offsets, 2, 16000, 8000, 0.7f,
                              TTS_ENCODING_ALAW, alaw.data(), out_offsets));
    CHECK_OK(tts_output_stage(context, in.data(), in_offsets, 2, 16000, 8000, 0.7f,
                              TTS_ENCODING_LINEAR16, reinterpret_cast<uint8_t*>(linear.data()),
                              lin_offsets));
    int differ = 0;
    for (size_t i = 0; i < alaw.size(); ++i) {
        differ += alaw[i] != table_encode(linear[i]);
    }
    CHECK(differ == 0);
}

}  // namespace

int main() {
    tts_context* context = nullptr;
    CHECK_OK(tts_context_create(TTS_BACKEND_CPU, &context));
    exhaustive(context);
    output_stage(context);
    tts_context_destroy(context);
    return check::finish("test_alaw");
}
