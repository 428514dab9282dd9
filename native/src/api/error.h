// Per-thread error messages and the guard that keeps C++ exceptions inside the library.
#ifndef TTS_API_ERROR_H
#define TTS_API_ERROR_H

#include <cstdint>
#include <exception>
#include <new>

#include "ttsnative.h"

namespace tts {

// Stores a printf-style message for tts_last_error() and returns code, so callers can write
// `return fail(TTS_ERR_INVALID_ARGUMENT, "...")`.
int32_t fail(int32_t code, const char* format, ...) __attribute__((format(printf, 2, 3)));

const char* last_error();

// Prefixes the stored message with the exported function's name.
void prefix_last_error(const char* function);

// Runs body (returning a status) so that no exception escapes; a failure's message names the
// exported function it came from.
template <typename Body>
int32_t guarded(const char* function, Body&& body) noexcept {
    int32_t status = TTS_ERR_INTERNAL;
    try {
        status = body();
    } catch (const std::bad_alloc&) {
        status = fail(TTS_ERR_OUT_OF_MEMORY, "out of host memory");
    } catch (const std::exception& e) {
        status = fail(TTS_ERR_INTERNAL, "unexpected exception: %s", e.what());
    } catch (...) {
        status = fail(TTS_ERR_INTERNAL, "unexpected non-standard exception");
    }
    if (status != TTS_OK) {
        prefix_last_error(function);
    }
    return status;
}

}  // namespace tts

#endif
