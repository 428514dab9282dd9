// Synthetic voices and tones for the analysis and render tests, and a minimal reader for
// 16-bit mono WAV files.
#ifndef TTS_TESTS_VOICES_H
#define TTS_TESTS_VOICES_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace voices {

constexpr double kPi = 3.14159265358979323846;

struct Voice {
    double f0_lo = 110.0;  // F0 wanders between f0_lo and f0_hi...
    double f0_hi = 130.0;
    double wobble_hz = 2.5;  // ...at this rate
    double formants[3] = {700.0, 1200.0, 2600.0};
    double bandwidth = 250.0;  // of each formant, Hz
    double amplitude = 0.3;    // peak of the harmonic sum before noise, roughly
    double noise = 0.003;      // white noise RMS
    uint32_t seed = 1;
};

// Harmonic amplitude at hz: formant bumps over a gentle -6 dB/octave tilt.
inline double voice_gain(const Voice& v, double hz) {
    double g = 0.15 * 100.0 / (hz + 100.0);
    for (double f : v.formants) {
        const double x = (hz - f) / v.bandwidth;
        g += std::exp(-0.5 * x * x);
    }
    return g;
}

// n samples of a phase-continuous harmonic voice at rate (harmonics below 0.45 rate).
inline std::vector<float> make_voice(const Voice& v, int64_t n, int32_t rate) {
    std::mt19937 rng(v.seed);
    std::normal_distribution<double> noise(0.0, v.noise);
    std::vector<float> x(static_cast<size_t>(n));
    std::vector<double> gains;
    double phase = 0.0, norm = 0.0;
    for (int h = 1; h * 80.0 < 0.45 * rate; ++h) {
        norm += voice_gain(v, 120.0 * h);
    }
    for (int64_t k = 0; k < n; ++k) {
        const double t = double(k) / rate;
        const double mid = 0.5 * (v.f0_lo + v.f0_hi), depth = 0.5 * (v.f0_hi - v.f0_lo);
        const double f0 = mid + depth * std::sin(2 * kPi * v.wobble_hz * t);
        phase += 2 * kPi * f0 / rate;
        double s = 0.0;
        for (int h = 1; h * f0 < 0.45 * rate; ++h) {
            s += voice_gain(v, h * f0) * std::sin(h * phase + 0.7 * h * h);
        }
        x[size_t(k)] = float(v.amplitude * s / norm * 3.0 + noise(rng));
    }
    return x;
}

// A tone with harmonics 2..harmonics at 1/h amplitude, plus white noise of the given RMS.
inline std::vector<float> make_tone(double hz, int32_t harmonics, double noise_rms, int64_t n,
                                    int32_t rate, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, noise_rms);
    std::vector<float> x(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k) {
        double s = 0.0;
        for (int h = 1; h <= harmonics; ++h) {
            s += 0.5 / h * std::sin(2 * kPi * hz * h * double(k) / rate + 0.3 * h);
        }
        x[size_t(k)] = float(s + (noise_rms > 0 ? noise(rng) : 0.0));
    }
    return x;
}

inline double rms(const float* x, int64_t n) {
    double s = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        s += double(x[i]) * x[i];
    }
    return std::sqrt(s / double(n));
}

// Samples of a 16-bit mono PCM WAV file scaled to [-1, 1); empty when absent or another shape.
inline std::vector<float> read_wav16_mono(const std::string& path, int32_t* rate) {
    std::vector<float> out;
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return out;
    }
    std::vector<uint8_t> bytes;
    uint8_t chunk[65536];
    size_t got = 0;
    while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0) {
        bytes.insert(bytes.end(), chunk, chunk + got);
    }
    std::fclose(f);
    const auto u32 = [&](size_t at) {
        return uint32_t(bytes[at]) | uint32_t(bytes[at + 1]) << 8 | uint32_t(bytes[at + 2]) << 16 |
               uint32_t(bytes[at + 3]) << 24;
    };
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0) {
        return out;
    }
    bool pcm16_mono = false;
    for (size_t at = 12; at + 8 <= bytes.size();) {
        const uint32_t size = u32(at + 4);
        if (std::memcmp(&bytes[at], "fmt ", 4) == 0 && at + 24 <= bytes.size()) {
            pcm16_mono = bytes[at + 8] == 1 && bytes[at + 10] == 1 && bytes[at + 22] == 16;
            *rate = int32_t(u32(at + 12));
        } else if (std::memcmp(&bytes[at], "data", 4) == 0 && pcm16_mono) {
            for (size_t i = at + 8; i + 1 < bytes.size() && i + 1 < at + 8 + size; i += 2) {
                out.push_back(float(int16_t(bytes[i] | bytes[i + 1] << 8)) / 32768.0f);
            }
            break;
        }
        at += 8 + size + (size & 1);
    }
    return out;
}

}  // namespace voices

#endif
