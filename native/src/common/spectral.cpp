#include "common/spectral.h"

#include <algorithm>
#include <cmath>

namespace tts {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Slaney's auditory toolbox scale: 200/3 Hz per mel below 1 kHz, then 27 mels per ln(6.4).
double hz_to_mel(double hz) {
    const double step = 200.0 / 3.0;
    if (hz < 1000.0) {
        return hz / step;
    }
    return 1000.0 / step + std::log(hz / 1000.0) / (std::log(6.4) / 27.0);
}

double mel_to_hz(double mel) {
    const double step = 200.0 / 3.0;
    const double knee = 1000.0 / step;
    if (mel < knee) {
        return mel * step;
    }
    return 1000.0 * std::exp((mel - knee) * (std::log(6.4) / 27.0));
}

MelBank design_mel_bank() {
    MelBank bank;
    bank.weights.assign(size_t(kMelBands) * kBins, 0.0f);
    bank.first.assign(kMelBands, kBins);
    bank.end.assign(kMelBands, 0);
    const double top = hz_to_mel(kRate / 2.0);
    std::vector<double> edges(kMelBands + 2);
    for (int32_t i = 0; i < kMelBands + 2; ++i) {
        edges[size_t(i)] = mel_to_hz(top * i / (kMelBands + 1));
    }
    for (int32_t m = 0; m < kMelBands; ++m) {
        const double lo = edges[size_t(m)], mid = edges[size_t(m) + 1], hi = edges[size_t(m) + 2];
        const double norm = 2.0 / (hi - lo);  // equal area per band
        for (int32_t k = 0; k < kBins; ++k) {
            const double hz = double(k) * kRate / kFft;
            const double w =
                std::max(0.0, std::min((hz - lo) / (mid - lo), (hi - hz) / (hi - mid)));
            if (w > 0.0) {
                bank.weights[size_t(m) * kBins + size_t(k)] = float(w * norm);
                bank.first[size_t(m)] = std::min(bank.first[size_t(m)], k);
                bank.end[size_t(m)] = k + 1;
            }
        }
    }
    return bank;
}

std::vector<Complex> design_twiddles() {
    std::vector<Complex> t(kTwiddles);
    for (int32_t m = 0; m < kTwiddles; ++m) {
        const double a = -2.0 * kPi * m / TTS_FFT_MAX;
        t[size_t(m)] = Complex{float(std::cos(a)), float(std::sin(a))};
    }
    return t;
}

}  // namespace

const Complex* fft_twiddles() {
    static const std::vector<Complex> table = design_twiddles();
    return table.data();
}

std::vector<float> periodic_hann(int32_t n) {
    std::vector<float> w(static_cast<size_t>(n));
    for (int32_t j = 0; j < n; ++j) {
        w[size_t(j)] = float(0.5 - 0.5 * std::cos(2.0 * kPi * j / n));
    }
    return w;
}

const float* analysis_window() {
    static const std::vector<float> window = periodic_hann(kFrame);
    return window.data();
}

float analysis_db_scale() {
    double energy = 0.0;
    for (int32_t j = 0; j < kFrame; ++j) {
        energy += double(analysis_window()[j]) * analysis_window()[j];
    }
    return float(1.0 / energy);
}

const MelBank& mel_bank() {
    static const MelBank bank = design_mel_bank();
    return bank;
}

}  // namespace tts
