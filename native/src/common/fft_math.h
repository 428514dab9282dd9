// The radix-2 decimation-in-time FFT step shared by the CPU and CUDA transforms. Both walk the
// same stages with the same twiddles and the same rounding, so they agree bit for bit.
#ifndef TTS_COMMON_FFT_MATH_H
#define TTS_COMMON_FFT_MATH_H

#include <cstdint>

#include "common/fmath.h"
#include "ttsnative.h"

namespace tts {

struct Complex {
    float re;
    float im;
};

// Twiddle table: entry m is e^(-2 pi i m / TTS_FFT_MAX) for m < TTS_FFT_MAX / 2. A stage of
// length len uses every (TTS_FFT_MAX / len)-th entry, so one table serves every size.
constexpr int32_t kTwiddles = TTS_FFT_MAX / 2;

// log2 of a power of two.
TTS_HOST_DEVICE inline int32_t log2_exact(int32_t n) {
    int32_t bits = 0;
    while ((int32_t(1) << bits) < n) {
        ++bits;
    }
    return bits;
}

// i with its lowest `bits` bits reversed.
TTS_HOST_DEVICE inline uint32_t reverse_bits(uint32_t i, int32_t bits) {
#if defined(__CUDA_ARCH__)
    return bits == 0 ? 0u : (__brev(i) >> (32 - bits));
#else
    uint32_t r = 0;
    for (int32_t b = 0; b < bits; ++b) {
        r = (r << 1) | ((i >> b) & 1u);
    }
    return r;
#endif
}

// Butterfly b (0 <= b < n / 2) of the stage with half-length `half`, on data already in
// bit-reversed order: a = data[i], c = data[i + half], v = c * w, a' = a + v, c' = a - v.
// inverse uses the conjugate twiddle (the 1/n scale is left to the caller).
TTS_HOST_DEVICE inline void fft_butterfly(Complex* data, int32_t b, int32_t half, bool inverse,
                                          const Complex* twiddles) {
    const int32_t j = b & (half - 1);
    const int32_t i = ((b - j) << 1) + j;
    const Complex w = twiddles[j * (TTS_FFT_MAX / (2 * half))];
    const float wi = inverse ? -w.im : w.im;
    const Complex a = data[i];
    const Complex c = data[i + half];
    const float vr = fm::sub(fm::mul(c.re, w.re), fm::mul(c.im, wi));
    const float vi = fm::add(fm::mul(c.re, wi), fm::mul(c.im, w.re));
    data[i] = Complex{fm::add(a.re, vr), fm::add(a.im, vi)};
    data[i + half] = Complex{fm::sub(a.re, vr), fm::sub(a.im, vi)};
}

}  // namespace tts

#endif
