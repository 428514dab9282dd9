// CPU reference implementations. Arguments are validated by the API layer.
#ifndef TTS_CPU_OPS_H
#define TTS_CPU_OPS_H

#include <cstdint>

#include "common/resample_filter.h"

namespace tts::cpu {

void pcm16_to_float(const int16_t* in, int64_t n, float gain, float* out);
void float_to_pcm16(const float* in, int64_t n, float gain, int16_t* out);
void mulaw_encode(const int16_t* in, int64_t n, uint8_t* out);

// Equal rates never get here: the API copies them.
void resample(const ResampleFilter& filter, const float* in, const int64_t* in_offsets,
              int32_t batch, float* out, const int64_t* out_offsets);

// filter is null when the rates are equal; out_offsets are byte offsets.
void output_stage(const ResampleFilter* filter, const int16_t* in, const int64_t* in_offsets,
                  int32_t batch, float gain, int32_t encoding, uint8_t* out,
                  const int64_t* out_offsets);

}  // namespace tts::cpu

#endif
