// Library-wide queries: errors, version, CUDA availability.
#include "api/error.h"
#include "api/validate.h"
#include "cuda/backend.h"
#include "ttsnative.h"

namespace {
constexpr int32_t kVersion = 0 * 10000 + 2 * 100 + 0;  // 0.2.0: analysis and render
}

extern "C" {

TTS_API const char* tts_last_error(void) { return tts::last_error(); }

TTS_API int32_t tts_version(int32_t* out_version) {
    return tts::guarded("tts_version", [&] {
        if (int32_t s = tts::check_not_null(out_version, "out_version")) {
            return s;
        }
        *out_version = kVersion;
        return TTS_OK;
    });
}

TTS_API int32_t tts_cuda_compiled(int32_t* out_compiled) {
    return tts::guarded("tts_cuda_compiled", [&] {
        if (int32_t s = tts::check_not_null(out_compiled, "out_compiled")) {
            return s;
        }
        *out_compiled = tts::cuda::compiled();
        return TTS_OK;
    });
}

TTS_API int32_t tts_cuda_device_count(int32_t* out_count) {
    return tts::guarded("tts_cuda_device_count", [&] {
        if (int32_t s = tts::check_not_null(out_count, "out_count")) {
            return s;
        }
        *out_count = tts::cuda::device_count(nullptr);
        return TTS_OK;
    });
}

}  // extern "C"
