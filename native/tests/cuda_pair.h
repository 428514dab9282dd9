// Shared by the CUDA-vs-CPU tests: one context per backend, or the skip code when no device
// answers.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

#include "check.h"
#include "ttsnative.h"

struct Contexts {
    tts_context* cpu;
    tts_context* gpu;
};

// ctest's SKIP_RETURN_CODE for these tests.
constexpr int kSkip = 77;

// Opens both contexts and seeds rng from the clock (printed, so a failure can be replayed).
// Returns 0, or kSkip after printing why no CUDA device is usable.
inline int open_contexts(Contexts& c, std::mt19937_64& rng) {
    int32_t compiled = 0;
    tts_cuda_compiled(&compiled);
    c = Contexts{nullptr, nullptr};
    if (tts_context_create(TTS_BACKEND_CUDA, &c.gpu) != TTS_OK) {
        const std::string reason = compiled ? std::string(tts_last_error())
                                            : "libttsnative was built without CUDA kernels";
        std::printf("SKIP: no CUDA device answers (%s)\n", reason.c_str());
        return kSkip;
    }
    CHECK_OK(tts_context_create(TTS_BACKEND_CPU, &c.cpu));
    char description[256];
    tts_context_describe(c.gpu, description, sizeof description);
    const uint64_t seed = uint64_t(std::chrono::system_clock::now().time_since_epoch().count());
    rng.seed(seed);
    std::printf("device: %s\nseed: %llu\n", description, (unsigned long long)seed);
    return 0;
}

// Largest |gpu - cpu| relative to the largest |cpu|.
inline double relative_error(const float* cpu, const float* gpu, size_t n) {
    double diff = 0, scale = 0;
    for (size_t i = 0; i < n; ++i) {
        diff = std::max(diff, std::fabs(double(gpu[i]) - double(cpu[i])));
        scale = std::max(scale, std::fabs(double(cpu[i])));
    }
    return scale > 0 ? diff / scale : diff;
}
