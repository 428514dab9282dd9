#include "api/error.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace tts {
namespace {

// Fixed buffers: storing a message must not allocate, since it also reports out-of-memory.
constexpr size_t kMessageSize = 1024;
thread_local char t_message[kMessageSize] = "";

}  // namespace

int32_t fail(int32_t code, const char* format, ...) {
    va_list args;
    va_start(args, format);
    std::vsnprintf(t_message, kMessageSize, format, args);
    va_end(args);
    return code;
}

const char* last_error() { return t_message; }

void prefix_last_error(const char* function) {
    // Truncating an overlong message is intended; it still starts with the function's name.
    const size_t prefix = std::min(std::strlen(function) + 2, kMessageSize - 1);
    const size_t kept = std::min(std::strlen(t_message), kMessageSize - 1 - prefix);
    std::memmove(t_message + prefix, t_message, kept);
    t_message[prefix + kept] = '\0';
    std::memcpy(t_message, function, prefix - 2);
    t_message[prefix - 2] = ':';
    t_message[prefix - 1] = ' ';
}

}  // namespace tts
