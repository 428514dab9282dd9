// A tiny check macro for the native tests: failures are counted and reported, never fatal, so
// one run shows every broken contract.
#ifndef TTS_TESTS_CHECK_H
#define TTS_TESTS_CHECK_H

#include <cstdio>

#include "ttsnative.h"

namespace check {

inline int& failures() {
    static int count = 0;
    return count;
}

inline int& passes() {
    static int count = 0;
    return count;
}

inline void record(bool ok, const char* expression, const char* file, int line) {
    if (ok) {
        ++passes();
        return;
    }
    ++failures();
    std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, expression);
}

// Prints the totals and returns the process exit code.
inline int finish(const char* test) {
    std::printf("%s: %d checks passed, %d failed\n", test, passes(), failures());
    return failures() == 0 ? 0 : 1;
}

}  // namespace check

#define CHECK(cond) ::check::record(static_cast<bool>(cond), #cond, __FILE__, __LINE__)

// A status check that also shows tts_last_error() when the code is not the expected one.
#define CHECK_STATUS(call, expected)                                                              \
    do {                                                                                          \
        const int32_t check_status_ = (call);                                                     \
        ::check::record(check_status_ == (expected), #call " == " #expected, __FILE__, __LINE__); \
        if (check_status_ != (expected)) {                                                        \
            std::fprintf(stderr, "  got %d, last error: %s\n", check_status_, tts_last_error());  \
        }                                                                                         \
    } while (0)

#define CHECK_OK(call) CHECK_STATUS(call, TTS_OK)

#endif
