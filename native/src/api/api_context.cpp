// Context lifetime and backend choice.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "api/context.h"
#include "api/error.h"
#include "api/validate.h"
#include "ttsnative.h"

namespace {

int32_t create_cuda_context(tts_context& context) {
    if (!tts::cuda::compiled()) {
        return tts::cuda::create_device(&context.device);  // explains TTS_ERR_UNSUPPORTED
    }
    const char* reason = "";
    if (tts::cuda::device_count(&reason) < 1) {
        return tts::fail(TTS_ERR_DEVICE, "CUDA requested but no CUDA device answers (%s)", reason);
    }
    if (int32_t s = tts::cuda::create_device(&context.device)) {
        const std::string why = tts::last_error();  // names the device when the probe failed
        return tts::fail(s, "CUDA requested but %s", why.c_str());
    }
    context.backend = TTS_BACKEND_CUDA;
    return TTS_OK;
}

// AUTO takes CUDA when the kernels are compiled in, a device answers and the probe kernel runs
// on it; otherwise the CPU, keeping the reason for tts_context_fallback_reason.
void create_auto_context(tts_context& context) {
    const char* reason = "";
    if (!tts::cuda::compiled()) {
        context.fallback_reason = "libttsnative was built without CUDA kernels";
    } else if (tts::cuda::device_count(&reason) < 1) {
        context.fallback_reason = std::string("no CUDA device answers (") + reason + ")";
    } else if (tts::cuda::create_device(&context.device) != TTS_OK) {
        context.device = nullptr;
        context.fallback_reason = tts::last_error();
    } else {
        context.backend = TTS_BACKEND_CUDA;
    }
}

// Copies text into buffer (at most capacity bytes with the terminating zero).
int32_t copy_text(const char* text, char* buffer, int32_t capacity) {
    if (int32_t s = tts::check_not_null(buffer, "buffer")) {
        return s;
    }
    if (capacity < 1) {
        return tts::fail(TTS_ERR_INVALID_ARGUMENT, "capacity must be at least 1 (got %d)",
                         capacity);
    }
    const size_t n = std::min(std::strlen(text), size_t(capacity) - 1);
    std::memcpy(buffer, text, n);
    buffer[n] = '\0';
    return TTS_OK;
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
        if (backend == TTS_BACKEND_CUDA) {
            if (int32_t s = create_cuda_context(*context)) {
                return s;
            }
        } else if (backend == TTS_BACKEND_AUTO) {
            create_auto_context(*context);
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
        return copy_text(
            context->backend == TTS_BACKEND_CUDA ? tts::cuda::describe(context->device) : "cpu",
            buffer, capacity);
    });
}

TTS_API int32_t tts_context_fallback_reason(const tts_context* context, char* buffer,
                                            int32_t capacity) {
    return tts::guarded("tts_context_fallback_reason", [&] {
        if (int32_t s = tts::check_context(context)) {
            return s;
        }
        return copy_text(context->fallback_reason.c_str(), buffer, capacity);
    });
}

}  // extern "C"
