// tts_fft against a direct O(n^2) DFT in double, forward and inverse, and the round trip.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "check.h"

namespace {

constexpr double kPi = 3.14159265358979323846;

// Direct DFT of interleaved complex x (n points); inverse uses e^(+...) and divides by n.
std::vector<double> dft(const std::vector<float>& x, int32_t n, bool inverse) {
    std::vector<double> c(static_cast<size_t>(n)), s(c.size());
    for (int32_t m = 0; m < n; ++m) {
        c[size_t(m)] = std::cos(2 * kPi * m / n);
        s[size_t(m)] = std::sin(2 * kPi * m / n) * (inverse ? 1.0 : -1.0);
    }
    std::vector<double> out(size_t(2 * n));
    for (int32_t k = 0; k < n; ++k) {
        double re = 0, im = 0;
        for (int32_t j = 0; j < n; ++j) {
            const size_t m = size_t((int64_t(j) * k) % n);
            const double xr = x[size_t(2 * j)], xi = x[size_t(2 * j + 1)];
            re += xr * c[m] - xi * s[m];
            im += xr * s[m] + xi * c[m];
        }
        out[size_t(2 * k)] = inverse ? re / n : re;
        out[size_t(2 * k + 1)] = inverse ? im / n : im;
    }
    return out;
}

// Largest |got - want| relative to the largest |want|.
double relative_error(const float* got, const double* want, size_t count) {
    double diff = 0, scale = 0;
    for (size_t i = 0; i < count; ++i) {
        diff = std::max(diff, std::fabs(double(got[i]) - want[i]));
        scale = std::max(scale, std::fabs(want[i]));
    }
    return diff / scale;
}

void against_dft(tts_context* ctx, std::mt19937_64& rng) {
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    double worst[2] = {0, 0}, worst_trip = 0;
    for (int32_t n = 2; n <= 4096; n *= 2) {
        const int32_t batch = 3;
        std::vector<float> x(size_t(2 * n * batch));
        for (float& v : x) {
            v = dist(rng);
        }
        for (int32_t inverse = 0; inverse <= 1; ++inverse) {
            std::vector<float> y(x.size());
            CHECK_OK(tts_fft(ctx, x.data(), n, batch, inverse, y.data()));
            double err = 0;
            for (int32_t b = 0; b < batch; ++b) {
                const std::vector<float> one(x.begin() + 2 * n * b, x.begin() + 2 * n * (b + 1));
                const std::vector<double> want = dft(one, n, inverse == 1);
                err = std::max(err, relative_error(y.data() + 2 * n * b, want.data(), want.size()));
            }
            worst[inverse] = std::max(worst[inverse], err);
            if (err >= 1e-5) {
                std::printf("  n %d %s: relative error %.3g\n", n, inverse ? "inverse" : "forward",
                            err);
            }
        }
        std::vector<float> trip(x.size());
        CHECK_OK(tts_fft(ctx, x.data(), n, batch, 0, trip.data()));
        CHECK_OK(tts_fft(ctx, trip.data(), n, batch, 1, trip.data()));  // in place
        std::vector<double> want(x.begin(), x.end());
        worst_trip = std::max(worst_trip, relative_error(trip.data(), want.data(), want.size()));
    }
    std::printf("fft vs double DFT (n 2..4096): forward %.3g, inverse %.3g; round trip %.3g\n",
                worst[0], worst[1], worst_trip);
    CHECK(worst[0] < 1e-5);
    CHECK(worst[1] < 1e-5);
    CHECK(worst_trip < 1e-5);
}

// Large sizes: a tone lands in one bin, and the round trip holds.
void large_sizes(tts_context* ctx) {
    for (int32_t n : {8192, 65536}) {
        std::vector<float> x(size_t(2 * n));
        const int32_t bin = n / 8 + 3;
        for (int32_t j = 0; j < n; ++j) {
            x[size_t(2 * j)] = float(std::cos(2 * kPi * double(bin) * j / n));
            x[size_t(2 * j + 1)] = float(std::sin(2 * kPi * double(bin) * j / n));
        }
        std::vector<float> y(x.size()), back(x.size());
        CHECK_OK(tts_fft(ctx, x.data(), n, 1, 0, y.data()));
        double leak = 0;
        for (int32_t k = 0; k < n; ++k) {
            if (k != bin) {
                leak = std::max(leak, std::hypot(double(y[size_t(2 * k)]), y[size_t(2 * k + 1)]));
            }
        }
        CHECK(std::fabs(y[size_t(2 * bin)] - n) < 1e-3 * n);
        CHECK(leak < 1e-4 * n);
        CHECK_OK(tts_fft(ctx, y.data(), n, 1, 1, back.data()));
        const std::vector<double> want(x.begin(), x.end());
        const double err = relative_error(back.data(), want.data(), want.size());
        std::printf("fft n %d: tone leakage %.3g of the peak, round trip %.3g\n", n, leak / n, err);
        CHECK(err < 1e-5);
    }
}

void contract(tts_context* ctx) {
    float buf[8] = {0};
    CHECK_STATUS(tts_fft(nullptr, buf, 4, 1, 0, buf), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_fft(ctx, buf, 3, 1, 0, buf), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_fft(ctx, buf, 1, 1, 0, buf), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_fft(ctx, buf, 131072, 1, 0, buf), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_fft(ctx, buf, 4, -1, 0, buf), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_fft(ctx, buf, 4, 1, 2, buf), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_fft(ctx, nullptr, 4, 1, 0, buf), TTS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(tts_fft(ctx, buf, 4, 1, 0, nullptr), TTS_ERR_INVALID_ARGUMENT);
    CHECK_OK(tts_fft(ctx, nullptr, 4, 0, 0, nullptr));
}

}  // namespace

int main() {
    tts_context* ctx = nullptr;
    CHECK_OK(tts_context_create(TTS_BACKEND_CPU, &ctx));
    std::mt19937_64 rng(12345);
    against_dft(ctx, rng);
    large_sizes(ctx);
    contract(ctx);
    tts_context_destroy(ctx);
    return check::finish("test_fft");
}
