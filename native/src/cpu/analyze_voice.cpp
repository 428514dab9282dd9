#include <vector>

#include "common/profile.h"
#include "common/spectral.h"
#include "cpu/ops.h"
#include "cpu/spectral.h"

namespace tts::cpu {

int32_t analyze_voice(const float* audio, int64_t n, tts_voice_profile* out) {
    const int64_t frames = analysis_frames(n);
    const size_t count = static_cast<size_t>(frames);
    std::vector<float> power(count * kBins), mel(count * kMelBands), energy(count);
    std::vector<float> confidence(count);
    ProfileParts parts;
    parts.samples = n;
    parts.f0.resize(count);
    parts.active.resize(count);
    stft_power(audio, n, power.data());
    frame_energies(audio, n, energy.data());
    log_mel(power.data(), int32_t(frames), mel.data());
    yin(audio, n, kProfileFmin, kProfileFmax, parts.f0.data(), confidence.data());

    const int64_t frame_offsets[2] = {0, frames};
    activity(energy.data(), frame_offsets, 1, parts.active.data());
    column_stats(mel.data(), kMelBands, frame_offsets, 1, parts.active.data(), 0.0f, parts.mel_mean,
                 parts.mel_std, &parts.active_count);
    column_stats(energy.data(), 1, frame_offsets, 1, parts.active.data(), 0.0f, &parts.mean_energy,
                 nullptr, nullptr);
    std::vector<float> mean_db(kBins);
    column_stats(power.data(), kBins, frame_offsets, 1, parts.active.data(), analysis_db_scale(),
                 mean_db.data(), nullptr, nullptr);
    cepstral_smooth(mean_db.data(), 1, kFft, kLifter, parts.envelope);
    return finish_profile(parts, out);
}

}  // namespace tts::cpu
