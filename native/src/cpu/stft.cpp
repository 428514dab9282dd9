#include <vector>

#include "common/analysis_math.h"
#include "common/spectral.h"
#include "cpu/ops.h"
#include "cpu/spectral.h"

namespace tts::cpu {

void stft_power(const float* audio, int64_t n, float* out_power) {
    const int64_t frames = analysis_frames(n);
    const float* window = analysis_window();
    std::vector<Complex> buf(kFft);
    for (int64_t f = 0; f < frames; ++f) {
        const float* x = audio + f * kHop;
        for (int32_t j = 0; j < kFft; ++j) {
            buf[size_t(j)] = Complex{j < kFrame ? fm::mul(x[j], window[j]) : 0.0f, 0.0f};
        }
        fft_inplace(buf.data(), kFft, false);
        float* row = out_power + f * kBins;
        for (int32_t k = 0; k < kBins; ++k) {
            row[k] = power_re_im(buf[size_t(k)]);
        }
    }
}

void frame_energies(const float* audio, int64_t n, float* out) {
    const int64_t frames = analysis_frames(n);
    for (int64_t f = 0; f < frames; ++f) {
        out[f] = frame_energy(audio, n, f * kHop, kFrame);
    }
}

}  // namespace tts::cpu
