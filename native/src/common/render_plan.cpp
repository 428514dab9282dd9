#include "common/render_plan.h"

#include <algorithm>

#include "common/spectral.h"

namespace tts {

RenderShape render_shape(int32_t rate) {
    RenderShape s{};
    s.rate = rate;
    s.frame = 4 * int32_t(std::lround(0.025 * rate / 4.0));
    s.hop = s.frame / 4;
    s.fft = 2;
    while (s.fft < s.frame + s.frame / 2) {
        s.fft *= 2;
    }
    s.bins = s.fft / 2 + 1;
    s.lifter = int32_t(std::lround(double(kLifter) * rate / kRate));
    s.reach = int32_t(std::lround(0.005 * rate));
    const int32_t top = TTS_ENVELOPE_STEP_HZ * (TTS_ENVELOPE_POINTS - 1);
    s.level_bins = std::min(s.bins, int32_t(int64_t(top) * s.fft / rate) + 1);
    const std::vector<float> w = periodic_hann(s.frame);
    double energy = 0.0;
    for (float v : w) {
        energy += double(v) * v;
    }
    s.db_scale = float(1.0 / (energy * rate / kRate));
    return s;
}

RenderTables render_tables(const RenderShape& s) {
    RenderTables t;
    t.window = periodic_hann(s.frame);
    t.inv_norm.resize(size_t(s.hop));
    for (int32_t p = 0; p < s.hop; ++p) {
        double sum = 0.0;
        for (int32_t i = 0; i < 4; ++i) {
            const double v = t.window[size_t(p + i * s.hop)];
            sum += v * v;
        }
        t.inv_norm[size_t(p)] = float(1.0 / sum);
    }
    return t;
}

}  // namespace tts
