// Argument checks of the exported functions. Each returns TTS_OK or stores a message that says
// what was wrong and returns TTS_ERR_INVALID_ARGUMENT.
#ifndef TTS_API_VALIDATE_H
#define TTS_API_VALIDATE_H

#include <cstdint>

#include "common/resample_filter.h"

struct tts_context;

namespace tts {

int32_t check_context(const tts_context* context);
int32_t check_not_null(const void* pointer, const char* name);
// n must be in 0..kMaxSamples; the buffer may be NULL only when n is 0.
int32_t check_buffer(const void* buffer, int64_t n, const char* name);
int32_t check_gain(float gain);
// Fills *bytes with the bytes per sample of a supported encoding.
int32_t check_encoding(int32_t encoding, int32_t* bytes);
// batch >= 0 and batch + 1 offsets starting at 0, never decreasing, ending at most at
// kMaxSamples; *total receives offsets[batch].
int32_t check_offsets(const int64_t* offsets, int32_t batch, const char* name, int64_t* total);
// out_offsets must be exactly those of the resampled clips, each clip taking bytes per sample.
int32_t check_out_offsets(const int64_t* out_offsets, const int64_t* in_offsets, int32_t batch,
                          ResampleRatio ratio, int32_t bytes, const char* name);

// Every sample finite (NaN or infinity would spread over whole spectra).
int32_t check_finite(const float* x, int64_t n, const char* name);
// Analysis frames of n samples (n already checked), failing when they exceed INT32_MAX.
int32_t check_frames(int64_t n, int32_t* frames);

}  // namespace tts

#endif
