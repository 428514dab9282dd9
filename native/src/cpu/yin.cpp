#include <algorithm>
#include <vector>

#include "common/analysis_math.h"
#include "common/spectral.h"
#include "cpu/ops.h"

namespace tts::cpu {

void yin(const float* audio, int64_t n, float fmin, float fmax, float* f0, float* confidence) {
    const YinLags lags = yin_lags(fmin, fmax);
    const int32_t last = lags.tau_max + 1;
    const int64_t frames = analysis_frames(n);
    std::vector<float> d(size_t(last) + 1);
    for (int64_t f = 0; f < frames; ++f) {
        if (!yin_fits(f, n, lags.tau_max)) {
            f0[f] = 0.0f;
            confidence[f] = 0.0f;
            continue;
        }
        const float* x = audio + f * kHop + kYinOffset;
        std::fill(d.begin(), d.end(), 0.0f);
        // Lags in the inner loop: each d[tau] still sums j = 0, 1, ... in order (as one CUDA
        // thread per lag does), while the loop over lags vectorizes.
        for (int32_t j = 0; j < kYinWindow; ++j) {
            const float xj = x[j];
            float* dd = d.data();
            for (int32_t tau = 1; tau <= last; ++tau) {
                dd[tau] = fm::add(dd[tau], fm::sq_diff(xj, x[j + tau]));
            }
        }
        yin_normalize(d.data(), last);
        yin_pick(d.data(), lags.tau_min, lags.tau_max, float(kRate), f0 + f, confidence + f);
    }
}

}  // namespace tts::cpu
