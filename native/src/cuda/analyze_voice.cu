// tts_analyze_voice on the device: STFT, energies, log-mel and YIN as kernels, then activity
// and the reductions over active frames, then the cepstral smoothing; the host receives the
// per-frame F0 and activity plus the reduced statistics and finishes the profile
// (percentiles, voiced ratio, embedding) exactly as the CPU path does.
#include <algorithm>
#include <vector>

#include "common/profile.h"
#include "common/spectral.h"
#include "cuda/device.cuh"
#include "cuda/log_mel.cuh"
#include "cuda/stft.cuh"
#include "cuda/voice_stats.cuh"
#include "cuda/yin.cuh"

namespace tts::cuda {
namespace {

struct AnalysisBuffers {
    float* audio;
    float* power;
    float* mel;
    float* energy;
    float* f0;
    float* confidence;
    int32_t* active;
    int64_t* frame_offsets;
    float* mean_db;
    // One block for a single download: mel_mean, mel_std, envelope, mean energy.
    float* summary;
    int32_t* count;
};

constexpr int32_t kMelStd = kMelBands;
constexpr int32_t kEnvelope = 2 * kMelBands;
constexpr int32_t kEnergy = kEnvelope + kBins;
constexpr int32_t kSummary = kEnergy + 1;

AnalysisBuffers layout(Arena& a, int64_t n, int64_t frames) {
    const size_t f = size_t(frames);
    AnalysisBuffers b{};
    b.audio = a.take<float>(size_t(n));
    b.power = a.take<float>(f * kBins);
    b.mel = a.take<float>(f * kMelBands);
    b.energy = a.take<float>(f);
    b.f0 = a.take<float>(f);
    b.confidence = a.take<float>(f);
    b.active = a.take<int32_t>(f);
    b.frame_offsets = a.take<int64_t>(2);
    b.mean_db = a.take<float>(kBins);
    b.summary = a.take<float>(kSummary);
    b.count = a.take<int32_t>(1);
    return b;
}

cudaError_t run_kernels(const AnalysisBuffers& b, int64_t n, int32_t frames,
                        const SpectralTables& t, cudaStream_t stream) {
    const cudaError_t steps[] = {
        launch_stft_power(b.audio, frames, t, b.power, stream),
        launch_frame_energies(b.audio, n, frames, b.energy, stream),
        launch_log_mel(b.power, frames, t, b.mel, stream),
        launch_yin(b.audio, n, frames, yin_lags(kProfileFmin, kProfileFmax), b.f0, b.confidence,
                   stream),
        launch_activity(b.energy, b.frame_offsets, 1, b.active, stream),
        launch_column_stats(b.mel, kMelBands, b.frame_offsets, 1, b.active, 0.0f, b.summary,
                            b.summary + kMelStd, b.count, stream),
        launch_column_stats(b.energy, 1, b.frame_offsets, 1, b.active, 0.0f, b.summary + kEnergy,
                            nullptr, nullptr, stream),
        launch_column_stats(b.power, kBins, b.frame_offsets, 1, b.active, analysis_db_scale(),
                            b.mean_db, nullptr, nullptr, stream),
        launch_cepstral_smooth(b.mean_db, 1, kFft, kLifter, t.twiddles, b.summary + kEnvelope,
                               stream),
    };
    for (cudaError_t e : steps) {
        if (e != cudaSuccess) {
            return e;
        }
    }
    return cudaSuccess;
}

}  // namespace

int32_t analyze_voice(Device* device, const float* audio, int64_t n, tts_voice_profile* out) {
    const SpectralTables* tables = nullptr;
    if (int32_t s = prepare_spectral(device, &tables)) {
        return s;
    }
    const int64_t frames = analysis_frames(n);
    AnalysisBuffers b{};
    if (int32_t s = carve(device, [&](Arena& a) { b = layout(a, n, frames); })) {
        return s;
    }
    const int64_t frame_offsets[2] = {0, frames};
    CUDA_CHECK(cudaMemcpyAsync(b.audio, audio, size_t(n) * sizeof(float), cudaMemcpyHostToDevice,
                               device->stream));
    CUDA_CHECK(cudaMemcpyAsync(b.frame_offsets, frame_offsets, sizeof frame_offsets,
                               cudaMemcpyHostToDevice, device->stream));
    CUDA_CHECK(run_kernels(b, n, int32_t(frames), *tables, device->stream));

    ProfileParts parts;
    parts.samples = n;
    parts.f0.resize(size_t(frames));
    parts.active.resize(size_t(frames));
    std::vector<float> summary(kSummary);
    const struct {
        void* dst;
        const void* src;
        size_t bytes;
    } copies[] = {
        {parts.f0.data(), b.f0, size_t(frames) * sizeof(float)},
        {parts.active.data(), b.active, size_t(frames) * sizeof(int32_t)},
        {summary.data(), b.summary, summary.size() * sizeof(float)},
        {&parts.active_count, b.count, sizeof(int32_t)},
    };
    for (const auto& c : copies) {
        if (int32_t s = download_async(device, c.dst, c.src, c.bytes)) {
            return s;
        }
    }
    if (int32_t s = synchronize(device)) {
        return s;
    }
    std::copy(summary.begin(), summary.begin() + kMelBands, parts.mel_mean);
    std::copy(summary.begin() + kMelStd, summary.begin() + kMelStd + kMelBands, parts.mel_std);
    std::copy(summary.begin() + kEnvelope, summary.begin() + kEnvelope + kBins, parts.envelope);
    parts.mean_energy = summary[size_t(kEnergy)];
    return finish_profile(parts, out);
}

}  // namespace tts::cuda
