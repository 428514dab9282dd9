// CPU reference implementations. Arguments are validated by the API layer.
#ifndef TTS_CPU_OPS_H
#define TTS_CPU_OPS_H

#include <cstdint>

#include "common/resample_filter.h"
#include "ttsnative.h"

namespace tts::cpu {

void pcm16_to_float(const int16_t* in, int64_t n, float gain, float* out);
void float_to_pcm16(const float* in, int64_t n, float gain, int16_t* out);
void mulaw_encode(const int16_t* in, int64_t n, uint8_t* out);
void alaw_encode(const int16_t* in, int64_t n, uint8_t* out);

// Equal rates never get here: the API copies them.
void resample(const ResampleFilter& filter, const float* in, const int64_t* in_offsets,
              int32_t batch, float* out, const int64_t* out_offsets);

// filter is null when the rates are equal; out_offsets are byte offsets.
void output_stage(const ResampleFilter* filter, const int16_t* in, const int64_t* in_offsets,
                  int32_t batch, float gain, int32_t encoding, uint8_t* out,
                  const int64_t* out_offsets);

// Analysis (see ttsnative.h); n counts samples at 16 kHz, frames come from analysis_frames.
void fft(const float* in, int32_t n, int32_t batch, bool inverse, float* out);
void stft_power(const float* audio, int64_t n, float* out_power);
// Mean square of each analysis frame (400 unwindowed samples).
void frame_energies(const float* audio, int64_t n, float* out);
void log_mel(const float* power, int32_t frames, float* out);
void yin(const float* audio, int64_t n, float fmin, float fmax, float* f0, float* confidence);
// Returns a status: silence is TTS_ERR_INVALID_ARGUMENT.
int32_t analyze_voice(const float* audio, int64_t n, tts_voice_profile* out);

// target_power = 10^(dBFS / 10), or -1 to keep each clip's loudness.
void envelope_transfer(const float* in, const int64_t* offsets, int32_t batch, int32_t rate,
                       const float* target_db, float strength, float target_power, float* out);
// The same on int16 clips: pcm16_to_float (gain 1), envelope_transfer, float_to_pcm16 (gain 1).
void envelope_transfer_pcm16(const int16_t* in, const int64_t* offsets, int32_t batch, int32_t rate,
                             const float* target_db, float strength, float target_power,
                             int16_t* out);

}  // namespace tts::cpu

#endif
