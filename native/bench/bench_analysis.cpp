// Times tts_analyze_voice on 60 s of synthetic voice at 16 kHz on the CPU and, when a device
// answers, on CUDA; and tts_stft_power against a cuFFT-based STFT when built with cuFFT.
// Usage: bench_analysis [seconds] where seconds bounds the timed repetitions of each cell
// (default 3). Median wall time per call after warm-up, host buffers in and out.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "timing.h"
#include "ttsnative.h"
#if defined(TTS_BENCH_CUFFT)
#include "cufft_stft.h"
#endif

namespace {

constexpr int32_t kRate = TTS_ANALYSIS_RATE;
constexpr double kPi = 3.14159265358979323846;

// Speech-like: F0 gliding 90..160 Hz, harmonics under a few formants, pauses, some noise.
std::vector<float> make_voice(double seconds) {
    std::mt19937 rng(42);
    std::normal_distribution<double> noise(0.0, 0.002);
    const int64_t n = int64_t(seconds * kRate);
    std::vector<float> x(static_cast<size_t>(n));
    double phase = 0.0;
    for (int64_t k = 0; k < n; ++k) {
        const double t = double(k) / kRate;
        const double f0 = 125.0 + 35.0 * std::sin(2 * kPi * 0.7 * t);
        phase += 2 * kPi * f0 / kRate;
        const double syllable = std::max(0.0, std::sin(2 * kPi * 2.0 * t));
        double s = 0.0;
        for (int h = 1; h * f0 < 7000.0; ++h) {
            const double hz = h * f0;
            const double g = std::exp(-std::pow((hz - 600) / 300, 2)) +
                             0.6 * std::exp(-std::pow((hz - 1500) / 300, 2)) +
                             0.3 * std::exp(-std::pow((hz - 2700) / 400, 2)) + 20.0 / (hz + 100);
            s += g * std::sin(h * phase);
        }
        x[size_t(k)] = float(0.1 * syllable * s + noise(rng));
    }
    return x;
}

bool status_ok(int32_t status, const char* what) {
    if (status != TTS_OK) {
        std::fprintf(stderr, "%s: %s\n", what, tts_last_error());
    }
    return status == TTS_OK;
}

double max_relative(const std::vector<float>& a, const std::vector<float>& b) {
    double diff = 0, scale = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        diff = std::max(diff, std::fabs(double(a[i]) - b[i]));
        scale = std::max(scale, std::fabs(double(a[i])));
    }
    return scale > 0 ? diff / scale : diff;
}

}  // namespace

int main(int argc, char** argv) {
    const double budget_s = argc > 1 ? std::atof(argv[1]) : 3.0;
    const double seconds = 60.0;
    const std::vector<float> x = make_voice(seconds);
    const int64_t n = int64_t(x.size());
    tts_context* cpu = nullptr;
    tts_context* gpu = nullptr;
    if (!status_ok(tts_context_create(TTS_BACKEND_CPU, &cpu), "tts_context_create")) {
        return 1;
    }
    char description[256] = "none";
    if (tts_context_create(TTS_BACKEND_CUDA, &gpu) == TTS_OK) {
        tts_context_describe(gpu, description, sizeof description);
    } else {
        std::printf("CUDA: not measured (%s)\n", tts_last_error());
    }
    std::printf("%.0f s of synthetic voice at %d Hz; device: %s\n", seconds, kRate, description);
    std::printf("median wall time per call (host buffers in and out, synchronized)\n\n");

    tts_voice_profile profile;
    const auto analyze = [&](tts_context* ctx) {
        return [&, ctx] {
            return status_ok(tts_analyze_voice(ctx, x.data(), n, &profile), "analyze");
        };
    };
    const double cpu_ms = median_ms(analyze(cpu), budget_s);
    std::printf("tts_analyze_voice  cpu %9.2f ms  (%6.0fx real time)\n", cpu_ms,
                seconds * 1e3 / cpu_ms);
    if (gpu != nullptr) {
        const double gpu_ms = median_ms(analyze(gpu), budget_s);
        std::printf("tts_analyze_voice  cuda %8.2f ms  (%6.0fx real time, %.1fx the CPU)\n", gpu_ms,
                    seconds * 1e3 / gpu_ms, cpu_ms / gpu_ms);
    }

    int32_t frames = 0;
    tts_stft_frames(n, &frames);
    std::vector<float> p_cpu(size_t(frames) * TTS_ANALYSIS_BINS), p_gpu(p_cpu.size());
    const auto stft = [&](tts_context* ctx, std::vector<float>& out) {
        return [&, ctx] { return status_ok(tts_stft_power(ctx, x.data(), n, out.data()), "stft"); };
    };
    std::printf("\ntts_stft_power (%d frames x %d bins)\n", frames, TTS_ANALYSIS_BINS);
    std::printf("  library cpu   %9.2f ms\n", median_ms(stft(cpu, p_cpu), budget_s));
    if (gpu != nullptr) {
        std::printf("  library cuda  %9.2f ms\n", median_ms(stft(gpu, p_gpu), budget_s));
    }
#if defined(TTS_BENCH_CUFFT)
    std::string error;
    CufftStft* baseline = gpu != nullptr ? cufft_stft_create(n, &error) : nullptr;
    if (baseline != nullptr) {
        std::vector<float> p_cufft(p_cpu.size());
        const double ms = median_ms(
            [&] { return cufft_stft_run(baseline, x.data(), p_cufft.data(), &error); }, budget_s);
        std::printf("  cuFFT         %9.2f ms  (max relative difference from ours %.3g)\n", ms,
                    max_relative(p_gpu, p_cufft));
        cufft_stft_destroy(baseline);
    } else {
        std::printf("  cuFFT: not measured (%s)\n", gpu != nullptr ? error.c_str() : "no device");
    }
#else
    std::printf("  cuFFT: not built (no CUDA toolkit with cuFFT at configure time)\n");
#endif
    if (gpu != nullptr) {
        std::printf("\nlibrary cuda vs cpu power spectra: max relative difference %.3g\n",
                    max_relative(p_cpu, p_gpu));
    }
    tts_context_destroy(gpu);
    tts_context_destroy(cpu);
    return 0;
}
