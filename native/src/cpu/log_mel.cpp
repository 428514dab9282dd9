#include "common/analysis_math.h"
#include "common/spectral.h"
#include "cpu/ops.h"

namespace tts::cpu {

void log_mel(const float* power, int32_t frames, float* out) {
    const MelBank& bank = mel_bank();
    for (int32_t f = 0; f < frames; ++f) {
        const float* p = power + int64_t(f) * kBins;
        for (int32_t m = 0; m < kMelBands; ++m) {
            const float* w = bank.weights.data() + size_t(m) * kBins;
            float acc = 0.0f;
            for (int32_t k = bank.first[size_t(m)]; k < bank.end[size_t(m)]; ++k) {
                acc = fm::add(acc, fm::mul(w[k], p[k]));
            }
            out[int64_t(f) * kMelBands + m] = log_floor(acc);
        }
    }
}

}  // namespace tts::cpu
