#include "common/resample_filter.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "api/error.h"
#include "ttsnative.h"

namespace tts {
namespace {

// 32 zero crossings of the narrower band's sinc on each side, a cutoff at 0.9 of the lower
// Nyquist and Kaiser beta 9 give a flat passband (< 0.001 dB to 0.8 Nyquist) and more than
// 90 dB of stopband from the lower Nyquist on: aliases never land in the audible band.
constexpr double kZeroCrossings = 32.0;
constexpr double kCutoff = 0.90;
constexpr double kBeta = 9.0;
constexpr double kPi = 3.14159265358979323846;

// Modified Bessel function of the first kind, order 0 (power series; converges fast for the
// small arguments a Kaiser window needs).
double bessel_i0(double x) {
    double sum = 1.0;
    double term = 1.0;
    const double q = 0.25 * x * x;
    for (int k = 1; k < 200; ++k) {
        term *= q / (double(k) * double(k));
        sum += term;
        if (term < 1e-17 * sum) {
            break;
        }
    }
    return sum;
}

}  // namespace

int32_t resample_ratio(int32_t in_rate, int32_t out_rate, ResampleRatio* ratio) {
    if (in_rate < kMinRate || in_rate > kMaxRate) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "in_rate %d Hz is outside the supported %d..%d Hz",
                    in_rate, kMinRate, kMaxRate);
    }
    if (out_rate < kMinRate || out_rate > kMaxRate) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "out_rate %d Hz is outside the supported %d..%d Hz",
                    out_rate, kMinRate, kMaxRate);
    }
    const int32_t g = std::gcd(in_rate, out_rate);
    const int32_t up = out_rate / g;
    const int32_t down = in_rate / g;
    if (up > kMaxFactor || down > kMaxFactor) {
        return fail(TTS_ERR_INVALID_ARGUMENT,
                    "%d -> %d Hz reduces to %d/%d; factors above %d are not supported", in_rate,
                    out_rate, up, down, kMaxFactor);
    }
    ratio->up = up;
    ratio->down = down;
    return TTS_OK;
}

ResampleFilter design_resample_filter(int32_t in_rate, int32_t out_rate) {
    ResampleFilter f;
    f.in_rate = in_rate;
    f.out_rate = out_rate;
    const int32_t g = std::gcd(in_rate, out_rate);
    f.ratio.up = out_rate / g;
    f.ratio.down = in_rate / g;

    // Everything below is in input samples. The sinc is that of the lower band, so downsampling
    // stretches it (and the window) by in_rate / out_rate.
    const double narrow = double(std::min(in_rate, out_rate));
    const double width = kZeroCrossings * double(in_rate) / narrow;  // window half-width
    const double fc = kCutoff * 0.5 * narrow / double(in_rate);      // cycles per input sample
    f.half = int32_t(std::ceil(width));
    f.taps = 2 * f.half;

    const int32_t up = f.ratio.up;
    f.coeffs.resize(size_t(up) * size_t(f.taps));
    std::vector<double> row(size_t(f.taps));
    const double i0_beta = bessel_i0(kBeta);
    for (int32_t phase = 0; phase < up; ++phase) {
        double sum = 0.0;
        for (int32_t i = 0; i < f.taps; ++i) {
            // Distance from the output instant to input sample base - K + 1 + i.
            const double tau = double(phase) / double(up) + double(f.half - 1 - i);
            const double u = tau / width;
            double v = 0.0;
            if (std::fabs(u) < 1.0) {
                const double x = 2.0 * fc * tau;
                const double sinc = x == 0.0 ? 1.0 : std::sin(kPi * x) / (kPi * x);
                v = 2.0 * fc * sinc * bessel_i0(kBeta * std::sqrt(1.0 - u * u)) / i0_beta;
            }
            row[size_t(i)] = v;
            sum += v;
        }
        // Unit DC gain on every phase, or a constant input would come out modulated by the phase.
        float* dst = f.coeffs.data() + size_t(phase) * size_t(f.taps);
        for (int32_t i = 0; i < f.taps; ++i) {
            dst[i] = float(row[size_t(i)] / sum);
        }
    }
    return f;
}

}  // namespace tts
