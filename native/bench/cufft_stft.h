// A cuFFT-based STFT power spectrum (frame + window kernel, batched R2C, |X|^2 kernel), the
// baseline bench_analysis compares tts_stft_power with. Same work as the library's CUDA path:
// host audio in, host power out, synchronized.
#ifndef TTS_BENCH_CUFFT_STFT_H
#define TTS_BENCH_CUFFT_STFT_H

#include <cstdint>
#include <string>

struct CufftStft;

// nullptr (and *error set) when cuFFT or the device is unavailable.
CufftStft* cufft_stft_create(int64_t n, std::string* error);
// out_power: frames x 257 as tts_stft_power lays it out.
bool cufft_stft_run(CufftStft* s, const float* audio, float* out_power, std::string* error);
void cufft_stft_destroy(CufftStft* s);

#endif
