#include "common/profile.h"

#include <algorithm>
#include <cmath>

#include "api/error.h"

namespace tts {
namespace {

constexpr int32_t kEnv = TTS_ENVELOPE_POINTS;
constexpr int32_t kDim = TTS_EMBEDDING_DIM;
constexpr int32_t kFeatures = 2 * kMelBands + kEnv + 4;
// Feature weights: an octave of pitch (4 ln 2 = 2.8) or all frames turning voiced (2) count
// about as much as a few nepers of spectral shape.
constexpr double kPitchWeight = 4.0;
constexpr double kVoicedWeight = 2.0;
constexpr double kNepersPerDb = 0.23025850929940458;  // ln(10) / 10
constexpr uint64_t kSeed = 0x7474736e61746976ull;
constexpr double kPi = 3.14159265358979323846;

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Uniform in (0, 1]: 53 random bits, never 0 so the logarithm below is finite.
double uniform(uint64_t& state) { return double((splitmix64(state) >> 11) + 1) * 0x1.0p-53; }

// kDim x kFeatures standard normal entries (Box-Muller), the same on every host.
std::vector<double> design_projection() {
    std::vector<double> p(size_t(kDim) * kFeatures);
    uint64_t state = kSeed;
    for (double& v : p) {
        const double r = std::sqrt(-2.0 * std::log(uniform(state)));
        v = r * std::cos(2.0 * kPi * uniform(state));
    }
    return p;
}

const std::vector<double>& projection() {
    static const std::vector<double> p = design_projection();
    return p;
}

// Linear interpolation between order statistics (numpy's default) of a sorted list.
float percentile(const std::vector<float>& sorted, double p) {
    const double pos = p * double(sorted.size() - 1);
    const size_t i = size_t(pos);
    const double frac = pos - double(i);
    const double next = i + 1 < sorted.size() ? sorted[i + 1] : sorted[i];
    return float(sorted[i] + frac * (next - sorted[i]));
}

double mean_of(const float* v, int32_t n) {
    double s = 0.0;
    for (int32_t i = 0; i < n; ++i) {
        s += v[i];
    }
    return s / n;
}

void embed(const tts_voice_profile& p, float* out) {
    std::vector<double> x(kFeatures, 0.0);
    const double mel_level = mean_of(p.mel_mean, kMelBands);
    const double env_level = mean_of(p.envelope_db, kEnv);
    for (int32_t m = 0; m < kMelBands; ++m) {
        x[size_t(m)] = p.mel_mean[m] - mel_level;
        x[size_t(kMelBands + m)] = p.mel_std[m];
    }
    for (int32_t i = 0; i < kEnv; ++i) {
        x[size_t(2 * kMelBands + i)] = (p.envelope_db[i] - env_level) * kNepersPerDb;
    }
    const float pitch[3] = {p.f0_median_hz, p.f0_p10_hz, p.f0_p90_hz};
    for (int32_t i = 0; i < 3; ++i) {
        x[size_t(2 * kMelBands + kEnv + i)] =
            pitch[i] > 0.0f ? kPitchWeight * std::log(pitch[i] / 100.0) : 0.0;
    }
    x[size_t(kFeatures - 1)] = kVoicedWeight * p.voiced_ratio;
    const std::vector<double>& proj = projection();
    std::vector<double> e(kDim, 0.0);
    double norm = 0.0;
    for (int32_t d = 0; d < kDim; ++d) {
        for (int32_t f = 0; f < kFeatures; ++f) {
            e[size_t(d)] += proj[size_t(d) * kFeatures + size_t(f)] * x[size_t(f)];
        }
        norm += e[size_t(d)] * e[size_t(d)];
    }
    norm = std::sqrt(norm);
    for (int32_t d = 0; d < kDim; ++d) {
        out[d] = norm > 0.0 ? float(e[size_t(d)] / norm) : (d == 0 ? 1.0f : 0.0f);
    }
}

}  // namespace

int32_t finish_profile(const ProfileParts& parts, tts_voice_profile* out) {
    if (parts.active_count == 0) {
        return fail(TTS_ERR_INVALID_ARGUMENT,
                    "no active speech: no 25 ms frame is louder than -80 dBFS (silent recording)");
    }
    const int32_t frames = int32_t(parts.f0.size());
    const int32_t tau_max = yin_lags(kProfileFmin, kProfileFmax).tau_max;
    std::vector<float> voiced;
    int32_t evaluable = 0;
    for (int32_t f = 0; f < frames; ++f) {
        if (parts.active[size_t(f)] != 0 && yin_fits(f, parts.samples, tau_max)) {
            ++evaluable;
            if (parts.f0[size_t(f)] > 0.0f) {
                voiced.push_back(parts.f0[size_t(f)]);
            }
        }
    }
    std::sort(voiced.begin(), voiced.end());
    tts_voice_profile p{};
    if (!voiced.empty()) {
        p.f0_median_hz = percentile(voiced, 0.5);
        p.f0_p10_hz = percentile(voiced, 0.1);
        p.f0_p90_hz = percentile(voiced, 0.9);
    }
    p.voiced_ratio = evaluable > 0 ? float(double(voiced.size()) / evaluable) : 0.0f;
    p.duration_s = float(double(parts.samples) / kRate);
    p.loudness_dbfs = float(10.0 * std::log10(double(parts.mean_energy)));
    p.frames = frames;
    p.active_frames = parts.active_count;
    std::copy(parts.mel_mean, parts.mel_mean + kMelBands, p.mel_mean);
    std::copy(parts.mel_std, parts.mel_std + kMelBands, p.mel_std);
    // Grid point i is i * 125 Hz = bin 4 i of the 512-point FFT at 16 kHz.
    constexpr int32_t kBinsPerPoint = TTS_ENVELOPE_STEP_HZ * kFft / kRate;
    static_assert(kBinsPerPoint * (kEnv - 1) == kBins - 1, "the grid must land on bins");
    for (int32_t i = 0; i < kEnv; ++i) {
        p.envelope_db[i] = parts.envelope[i * kBinsPerPoint];
    }
    embed(p, p.embedding);
    *out = p;
    return TTS_OK;
}

}  // namespace tts
