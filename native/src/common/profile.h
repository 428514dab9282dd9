// The host end of tts_analyze_voice, shared by both backends: percentiles of the per-frame F0,
// the voiced ratio, loudness and the embedding, from the per-frame and reduced data.
#ifndef TTS_COMMON_PROFILE_H
#define TTS_COMMON_PROFILE_H

#include <cstdint>
#include <vector>

#include "common/spectral.h"
#include "ttsnative.h"

namespace tts {

struct ProfileParts {
    int64_t samples = 0;
    std::vector<float> f0;        // per frame, 0 = unvoiced
    std::vector<int32_t> active;  // per frame, 1 = active
    int32_t active_count = 0;
    float mean_energy = 0.0f;  // of the active frames
    float mel_mean[kMelBands] = {};
    float mel_std[kMelBands] = {};
    float envelope[kBins] = {};  // cepstrally smoothed mean log spectrum, dB
};

// Fills *out; fails with TTS_ERR_INVALID_ARGUMENT ("no active speech") when nothing is active.
int32_t finish_profile(const ProfileParts& parts, tts_voice_profile* out);

}  // namespace tts

#endif
