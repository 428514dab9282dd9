#include <vector>

#include "common/analysis_math.h"
#include "common/fmath.h"
#include "cpu/spectral.h"

namespace tts::cpu {

void activity(const float* energy, const int64_t* frame_offsets, int32_t clips, int32_t* active) {
    for (int32_t c = 0; c < clips; ++c) {
        float loudest = 0.0f;
        for (int64_t f = frame_offsets[c]; f < frame_offsets[c + 1]; ++f) {
            loudest = fm::fmax2(loudest, energy[f]);
        }
        const float threshold = activity_threshold(loudest);
        for (int64_t f = frame_offsets[c]; f < frame_offsets[c + 1]; ++f) {
            active[f] = energy[f] > threshold ? 1 : 0;
        }
    }
}

void column_stats(const float* rows, int32_t cols, const int64_t* frame_offsets, int32_t clips,
                  const int32_t* active, float db_scale, float* mean, float* std_dev,
                  int32_t* counts) {
    for (int32_t c = 0; c < clips; ++c) {
        std::vector<double> sum(static_cast<size_t>(cols), 0.0), sum_sq(sum.size(), 0.0);
        int32_t count = 0;
        // Frames in order, as the CUDA kernel's thread per column does.
        for (int64_t f = frame_offsets[c]; f < frame_offsets[c + 1]; ++f) {
            if (active[f] == 0) {
                continue;
            }
            ++count;
            const float* row = rows + f * cols;
            for (int32_t j = 0; j < cols; ++j) {
                const double v = db_scale > 0.0f ? power_db(row[j], db_scale) : row[j];
                sum[size_t(j)] = fm::dadd(sum[size_t(j)], v);
                sum_sq[size_t(j)] = fm::dadd(sum_sq[size_t(j)], fm::dmul(v, v));
            }
        }
        for (int32_t j = 0; j < cols; ++j) {
            float s = 0.0f;
            finish_stats(sum[size_t(j)], sum_sq[size_t(j)], count, mean + int64_t(c) * cols + j,
                         &s);
            if (std_dev != nullptr) {
                std_dev[int64_t(c) * cols + j] = s;
            }
        }
        if (counts != nullptr) {
            counts[c] = count;
        }
    }
}

void cepstral_smooth(const float* log_spectra, int32_t clips, int32_t fft, int32_t lifter,
                     float* out) {
    const int32_t bins = fft / 2 + 1;
    const float scale = 1.0f / float(fft);
    std::vector<Complex> buf(static_cast<size_t>(fft));
    for (int32_t c = 0; c < clips; ++c) {
        const float* spectrum = log_spectra + int64_t(c) * bins;
        for (int32_t k = 0; k < fft; ++k) {
            buf[size_t(k)] = Complex{spectrum[k < bins ? k : fft - k], 0.0f};
        }
        fft_inplace(buf.data(), fft, true);
        for (int32_t q = 0; q < fft; ++q) {
            const bool keep = q < lifter || q > fft - lifter;
            buf[size_t(q)] = keep ? Complex{buf[size_t(q)].re * scale, buf[size_t(q)].im * scale}
                                  : Complex{0.0f, 0.0f};
        }
        fft_inplace(buf.data(), fft, false);
        for (int32_t k = 0; k < bins; ++k) {
            out[int64_t(c) * bins + k] = buf[size_t(k)].re;
        }
    }
}

}  // namespace tts::cpu
