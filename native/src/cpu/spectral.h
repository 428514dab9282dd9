// CPU building blocks of the analysis and the render, shared by their stages.
#ifndef TTS_CPU_SPECTRAL_H
#define TTS_CPU_SPECTRAL_H

#include <cstdint>

#include "common/fft_math.h"

namespace tts::cpu {

// Unscaled in-place transform of n points in natural order (bit-reversal, then the stages).
void fft_inplace(Complex* data, int32_t n, bool inverse);

// Per-clip stages over frames laid end to end: clip c owns frames frame_offsets[c] to
// frame_offsets[c + 1].

// active[f] = energy[f] above the clip's activity threshold.
void activity(const float* energy, const int64_t* frame_offsets, int32_t clips, int32_t* active);

// Mean (and, when std_dev is not null, standard deviation) over each clip's active frames of
// every column of rows (frames x cols), of the values themselves (db_scale 0) or of
// power_db(value, db_scale). counts (optional) receives the active frames per clip.
void column_stats(const float* rows, int32_t cols, const int64_t* frame_offsets, int32_t clips,
                  const int32_t* active, float db_scale, float* mean, float* std_dev,
                  int32_t* counts);

// Cepstral smoothing of clips rows of fft / 2 + 1 log-spectrum values: real cepstrum, keep
// quefrencies below lifter (and their mirror), back to the spectrum.
void cepstral_smooth(const float* log_spectra, int32_t clips, int32_t fft, int32_t lifter,
                     float* out);

}  // namespace tts::cpu

#endif
