// Arithmetic shared by the CPU reference and the CUDA kernels. Each operation rounds once:
// the CPU is compiled with -ffp-contract=off, device code uses the _rn intrinsics (nvcc would
// otherwise fuse a * b + c into an FMA), so both backends produce the same bits.
#ifndef TTS_COMMON_FMATH_H
#define TTS_COMMON_FMATH_H

#include <cstdint>

#include "common/encoding.h"  // TTS_HOST_DEVICE

namespace tts::fm {

TTS_HOST_DEVICE inline float mul(float a, float b) {
#if defined(__CUDA_ARCH__)
    return __fmul_rn(a, b);
#else
    return a * b;
#endif
}

TTS_HOST_DEVICE inline float add(float a, float b) {
#if defined(__CUDA_ARCH__)
    return __fadd_rn(a, b);
#else
    return a + b;
#endif
}

TTS_HOST_DEVICE inline float sub(float a, float b) {
#if defined(__CUDA_ARCH__)
    return __fsub_rn(a, b);
#else
    return a - b;
#endif
}

TTS_HOST_DEVICE inline float div(float a, float b) {
#if defined(__CUDA_ARCH__)
    return __fdiv_rn(a, b);
#else
    return a / b;
#endif
}

TTS_HOST_DEVICE inline double dmul(double a, double b) {
#if defined(__CUDA_ARCH__)
    return __dmul_rn(a, b);
#else
    return a * b;
#endif
}

TTS_HOST_DEVICE inline double dadd(double a, double b) {
#if defined(__CUDA_ARCH__)
    return __dadd_rn(a, b);
#else
    return a + b;
#endif
}

// (a - b)^2 with both steps rounded.
TTS_HOST_DEVICE inline float sq_diff(float a, float b) {
    const float d = sub(a, b);
    return mul(d, d);
}

TTS_HOST_DEVICE inline float fmax2(float a, float b) { return a > b ? a : b; }
TTS_HOST_DEVICE inline float fmin2(float a, float b) { return a < b ? a : b; }

}  // namespace tts::fm

#endif
