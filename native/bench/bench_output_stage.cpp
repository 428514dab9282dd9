// Times tts_output_stage (22050 Hz PCM16 -> 48000 Hz LINEAR16) on the CPU and, when a device
// answers, on CUDA, for batches of sentence-sized clips. Usage: bench_output_stage [seconds]
// where seconds bounds the timed repetitions of each cell (default 2).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "timing.h"
#include "ttsnative.h"

namespace {

constexpr int32_t kInRate = 22050;
constexpr int32_t kOutRate = 48000;
constexpr int32_t kEncoding = TTS_ENCODING_LINEAR16;

struct Workload {
    int32_t batch;
    std::vector<int16_t> in;
    std::vector<int64_t> in_offsets;
    std::vector<int64_t> out_offsets;
};

// About 3 s per clip (+-10%), speech-like: a few partials plus noise, never silence.
Workload make_workload(int32_t batch, std::mt19937& rng) {
    Workload w{batch, {}, {0}, {}};
    std::uniform_real_distribution<double> jitter(0.9, 1.1), pitch(90.0, 250.0), noise(-0.02, 0.02);
    for (int32_t c = 0; c < batch; ++c) {
        const int64_t n = int64_t(3.0 * kInRate * jitter(rng));
        const double f0 = pitch(rng);
        for (int64_t k = 0; k < n; ++k) {
            const double t = double(k) / kInRate;
            double v = noise(rng);
            for (int h = 1; h <= 8; ++h) {
                v += 0.3 / h * std::sin(2 * M_PI * f0 * h * t + h);
            }
            w.in.push_back(int16_t(std::lrint(std::clamp(v, -1.0, 1.0) * 32767.0)));
        }
        w.in_offsets.push_back(int64_t(w.in.size()));
    }
    w.out_offsets.resize(size_t(batch) + 1);
    if (tts_output_stage_size(kInRate, kOutRate, kEncoding, w.in_offsets.data(), batch,
                              w.out_offsets.data()) != TTS_OK) {
        std::fprintf(stderr, "tts_output_stage_size: %s\n", tts_last_error());
        std::exit(1);
    }
    return w;
}

bool run(tts_context* ctx, const Workload& w, std::vector<uint8_t>& out) {
    if (tts_output_stage(ctx, w.in.data(), w.in_offsets.data(), w.batch, kInRate, kOutRate, 1.0f,
                         kEncoding, out.data(), w.out_offsets.data()) != TTS_OK) {
        std::fprintf(stderr, "tts_output_stage: %s\n", tts_last_error());
        return false;
    }
    return true;
}

// The largest difference between two LINEAR16 outputs, in LSB.
int32_t max_lsb(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    int32_t worst = 0;
    for (size_t i = 0; i + 1 < a.size(); i += 2) {
        int16_t x, y;
        std::memcpy(&x, &a[i], 2);
        std::memcpy(&y, &b[i], 2);
        worst = std::max(worst, std::abs(int32_t(x) - int32_t(y)));
    }
    return worst;
}

}  // namespace

int main(int argc, char** argv) {
    const double budget_s = argc > 1 ? std::atof(argv[1]) : 2.0;
    tts_context* cpu = nullptr;
    tts_context* gpu = nullptr;
    if (tts_context_create(TTS_BACKEND_CPU, &cpu) != TTS_OK) {
        std::fprintf(stderr, "%s\n", tts_last_error());
        return 1;
    }
    char description[256] = "none";
    if (tts_context_create(TTS_BACKEND_CUDA, &gpu) == TTS_OK) {
        tts_context_describe(gpu, description, sizeof description);
    } else {
        std::printf("CUDA: not measured (%s)\n", tts_last_error());
    }
    std::printf("output stage %d Hz PCM16 -> %d Hz LINEAR16, gain 1; device: %s\n", kInRate,
                kOutRate, description);
    std::printf("median wall time per call (host buffers in and out, synchronized)\n\n");
    std::printf("%6s %9s %9s %11s %11s %8s %11s %11s %9s\n", "batch", "audio s", "in MB", "cpu ms",
                "cuda ms", "speedup", "cpu x rt", "cuda x rt", "cuda GB/s");

    std::mt19937 rng(uint32_t(std::chrono::system_clock::now().time_since_epoch().count()));
    for (int32_t batch : {1, 16, 256}) {
        const Workload w = make_workload(batch, rng);
        const double audio_s = double(w.in.size()) / kInRate;
        const double bytes = double(w.in.size()) * 2 + double(w.out_offsets.back());
        std::vector<uint8_t> out_cpu(size_t(w.out_offsets.back())), out_gpu(out_cpu.size());
        const double cpu_ms = median_ms([&] { return run(cpu, w, out_cpu); }, budget_s);
        double gpu_ms = NAN;
        if (gpu != nullptr) {
            gpu_ms = median_ms([&] { return run(gpu, w, out_gpu); }, budget_s);
            const int32_t lsb = max_lsb(out_cpu, out_gpu);
            if (lsb > 0) {
                std::printf("batch %d: CUDA differs from CPU by %d LSB\n", batch, lsb);
            }
        }
        std::printf("%6d %9.1f %9.2f %11.3f", batch, audio_s, double(w.in.size()) * 2 / 1e6,
                    cpu_ms);
        if (gpu != nullptr) {
            std::printf(" %11.3f %8.1f %11.0f %11.0f %9.2f\n", gpu_ms, cpu_ms / gpu_ms,
                        audio_s / (cpu_ms / 1e3), audio_s / (gpu_ms / 1e3),
                        bytes / (gpu_ms / 1e3) / 1e9);
        } else {
            std::printf(" %11s %8s %11.0f %11s %9s\n", "-", "-", audio_s / (cpu_ms / 1e3), "-",
                        "-");
        }
    }
    std::printf(
        "\ncuda GB/s = (input + output bytes) / CUDA time: compare with the host's "
        "PCIe copy bandwidth.\n");
    tts_context_destroy(gpu);
    tts_context_destroy(cpu);
    return 0;
}
