// The CUDA backend of a library built without CUDA: every request is TTS_ERR_UNSUPPORTED.
#include "api/error.h"
#include "cuda/backend.h"

namespace tts::cuda {
namespace {

int32_t unsupported() {
    return fail(TTS_ERR_UNSUPPORTED,
                "libttsnative was built without CUDA kernels (TTS_CUDA=OFF or no CUDA compiler "
                "found at build time); use TTS_BACKEND_CPU or TTS_BACKEND_AUTO");
}

}  // namespace

struct Device {};

int32_t compiled() { return 0; }

int32_t device_count(const char** reason) {
    if (reason != nullptr) {
        *reason = "libttsnative was built without CUDA kernels";
    }
    return 0;
}

int32_t create_device(Device** out_device) {
    *out_device = nullptr;
    return unsupported();
}

void destroy_device(Device*) {}

const char* describe(const Device*) { return "cuda (not compiled)"; }

int32_t pcm16_to_float(Device*, const int16_t*, int64_t, float, float*) { return unsupported(); }

int32_t float_to_pcm16(Device*, const float*, int64_t, float, int16_t*) { return unsupported(); }

int32_t mulaw_encode(Device*, const int16_t*, int64_t, uint8_t*) { return unsupported(); }

int32_t alaw_encode(Device*, const int16_t*, int64_t, uint8_t*) { return unsupported(); }

int32_t resample(Device*, const ResampleFilter&, const float*, const int64_t*, int32_t, float*,
                 const int64_t*) {
    return unsupported();
}

int32_t output_stage(Device*, const ResampleFilter*, const int16_t*, const int64_t*, int32_t, float,
                     int32_t, uint8_t*, const int64_t*) {
    return unsupported();
}

int32_t fft(Device*, const float*, int32_t, int32_t, bool, float*) { return unsupported(); }

int32_t stft_power(Device*, const float*, int64_t, float*) { return unsupported(); }

int32_t log_mel(Device*, const float*, int32_t, float*) { return unsupported(); }

int32_t yin(Device*, const float*, int64_t, float, float, float*, float*) { return unsupported(); }

int32_t analyze_voice(Device*, const float*, int64_t, tts_voice_profile*) { return unsupported(); }

int32_t envelope_transfer(Device*, const float*, const int64_t*, int32_t, int32_t, const float*,
                          float, float, float*) {
    return unsupported();
}

int32_t envelope_transfer_pcm16(Device*, const int16_t*, const int64_t*, int32_t, int32_t,
                                const float*, float, float, int16_t*) {
    return unsupported();
}

}  // namespace tts::cuda
