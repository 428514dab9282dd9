// The CUDA backend as the rest of the library sees it: plain C++, no CUDA headers. Implemented
// by the .cu files, or by absent.cpp when the library is built without CUDA.
#ifndef TTS_CUDA_BACKEND_H
#define TTS_CUDA_BACKEND_H

#include <cstdint>

struct tts_voice_profile;

namespace tts {
struct ResampleFilter;
}

namespace tts::cuda {

struct Device;

// 1 when the kernels were compiled in.
int32_t compiled();

// Devices that answer. Never fails: any CUDA error (no driver, no device) counts as 0 devices
// and its text goes to reason when reason is not null.
int32_t device_count(const char** reason);

// Creates device 0's state (stream, scratch buffers, table cache) and runs the probe kernel
// (common/probe.h). Returns a status; a failed probe is TTS_ERR_DEVICE naming the device.
int32_t create_device(Device** out_device);
void destroy_device(Device* device);
const char* describe(const Device* device);

// Each op copies its inputs to the device, runs on the device's stream and returns after the
// results are back in host memory. Arguments are validated by the caller.
int32_t pcm16_to_float(Device* device, const int16_t* in, int64_t n, float gain, float* out);
int32_t float_to_pcm16(Device* device, const float* in, int64_t n, float gain, int16_t* out);
int32_t mulaw_encode(Device* device, const int16_t* in, int64_t n, uint8_t* out);
int32_t alaw_encode(Device* device, const int16_t* in, int64_t n, uint8_t* out);
int32_t resample(Device* device, const ResampleFilter& filter, const float* in,
                 const int64_t* in_offsets, int32_t batch, float* out, const int64_t* out_offsets);
// filter is null when the rates are equal; out_offsets are byte offsets.
int32_t output_stage(Device* device, const ResampleFilter* filter, const int16_t* in,
                     const int64_t* in_offsets, int32_t batch, float gain, int32_t encoding,
                     uint8_t* out, const int64_t* out_offsets);

// Analysis and render (see ttsnative.h and cpu/ops.h for the arguments).
int32_t fft(Device* device, const float* in, int32_t n, int32_t batch, bool inverse, float* out);
int32_t stft_power(Device* device, const float* audio, int64_t n, float* out_power);
int32_t log_mel(Device* device, const float* power, int32_t frames, float* out);
int32_t yin(Device* device, const float* audio, int64_t n, float fmin, float fmax, float* f0,
            float* confidence);
int32_t analyze_voice(Device* device, const float* audio, int64_t n, tts_voice_profile* out);
int32_t envelope_transfer(Device* device, const float* in, const int64_t* offsets, int32_t batch,
                          int32_t rate, const float* target_db, float strength, float target_power,
                          float* out);
// The same on int16 clips: in -> pcm16_to_float (gain 1) -> envelope_transfer -> float_to_pcm16
// (gain 1), one upload and one download.
int32_t envelope_transfer_pcm16(Device* device, const int16_t* in, const int64_t* offsets,
                                int32_t batch, int32_t rate, const float* target_db, float strength,
                                float target_power, int16_t* out);

}  // namespace tts::cuda

#endif
