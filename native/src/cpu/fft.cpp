#include <cstring>
#include <utility>

#include "common/spectral.h"
#include "cpu/ops.h"
#include "cpu/spectral.h"

namespace tts::cpu {

void fft_inplace(Complex* data, int32_t n, bool inverse) {
    const int32_t bits = log2_exact(n);
    for (int32_t i = 0; i < n; ++i) {
        const int32_t j = int32_t(reverse_bits(uint32_t(i), bits));
        if (j > i) {
            std::swap(data[i], data[j]);
        }
    }
    const Complex* twiddles = fft_twiddles();
    for (int32_t half = 1; half < n; half <<= 1) {
        for (int32_t b = 0; b < n / 2; ++b) {
            fft_butterfly(data, b, half, inverse, twiddles);
        }
    }
}

void fft(const float* in, int32_t n, int32_t batch, bool inverse, float* out) {
    const size_t floats = size_t(n) * 2 * size_t(batch);
    if (out != in) {
        std::memmove(out, in, floats * sizeof(float));
    }
    // 1/n is a power of two: scaling is exact, wherever it happens.
    const float scale = 1.0f / float(n);
    for (int32_t b = 0; b < batch; ++b) {
        Complex* data = reinterpret_cast<Complex*>(out) + size_t(b) * size_t(n);
        fft_inplace(data, n, inverse);
        if (inverse) {
            for (int32_t i = 0; i < n; ++i) {
                data[i] = Complex{data[i].re * scale, data[i].im * scale};
            }
        }
    }
}

}  // namespace tts::cpu
