// Context lifetime and backend choice.
#include <algorithm>
#include <cstring>
#include <memory>

#include "api/context.h"
#include "api/error.h"
#include "api/validate.h"
#include "ttsnative.h"

namespace {

int32_t create_cuda_context(std::unique_ptr<tts_context>& context) {
    if (!tts::cuda::compiled()) {
        return tts::cuda::create_device(&context->device);  // explains TTS_ERR_UNSUPPORTED
    }
    const char* reason = "";
    if (tts::cuda::device_count(&reason) < 1) {
        return tts::fail(TTS_ERR_DEVICE, "CUDA requested but no device answers: %s", reason);
    }
    context->backend = TTS_BACKEND_CUDA;
    return tts::cuda::create_device(&context->device);
}

}  // namespace

extern "C" {

TTS_API int32_t tts_context_create(int32_t backend, tts_context** out_context) {
    return tts::guarded("tts_context_create", [&] {
        if (int32_t s = tts::check_not_null(out_context, "out_context")) {
            return s;
        }
        *out_context = nullptr;
        if (backend != TTS_BACKEND_AUTO && backend != TTS_BACKEND_CPU &&
            backend != TTS_BACKEND_CUDA) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT,
                             "backend %d is not one of AUTO = 0, CPU = 1, CUDA = 2", backend);
        }
        auto context = std::make_unique<tts_context>();
        context->backend = TTS_BACKEND_CPU;
        const bool want_cuda =
            backend == TTS_BACKEND_CUDA ||
            (backend == TTS_BACKEND_AUTO && tts::cuda::device_count(nullptr) > 0);
        if (want_cuda) {
            if (int32_t s = create_cuda_context(context)) {
                return s;
            }
        }
        *out_context = context.release();
        return TTS_OK;
    });
}

TTS_API int32_t tts_context_destroy(tts_context* context) {
    return tts::guarded("tts_context_destroy", [&] {
        delete context;
        return TTS_OK;
    });
}

TTS_API int32_t tts_context_backend(const tts_context* context, int32_t* out_backend) {
    return tts::guarded("tts_context_backend", [&] {
        if (int32_t s = tts::check_context(context)) {
            return s;
        }
        if (int32_t s = tts::check_not_null(out_backend, "out_backend")) {
            return s;
        }
        *out_backend = context->backend;
        return TTS_OK;
    });
}

TTS_API int32_t tts_context_describe(const tts_context* context, char* buffer, int32_t capacity) {
    return tts::guarded("tts_context_describe", [&] {
        if (int32_t s = tts::check_context(context)) {
            return s;
        }
        if (int32_t s = tts::check_not_null(buffer, "buffer")) {
            return s;
        }
        if (capacity < 1) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT, "capacity must be at least 1 (got %d)",
                             capacity);
        }
        const char* text =
            context->backend == TTS_BACKEND_CUDA ? tts::cuda::describe(context->device) : "cpu";
        const size_t n = std::min(std::strlen(text), size_t(capacity) - 1);
        std::memcpy(buffer, text, n);
        buffer[n] = '\0';
        return TTS_OK;
    });
}

}  // extern "C"
