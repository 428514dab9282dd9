// The render stage on the CPU, stage by stage in the order of the CUDA launches.
#include <algorithm>
#include <vector>

#include "common/analysis_math.h"
#include "common/render_plan.h"
#include "cpu/ops.h"
#include "cpu/spectral.h"

namespace tts::cpu {
namespace {

// Windowed frame f (local index) of clip x (n samples), zero-padded, transformed.
void frame_spectrum(const float* x, int64_t n, int64_t local, const RenderShape& s,
                    const float* window, Complex* buf) {
    const int64_t start = render_frame_start(local, s);
    for (int32_t j = 0; j < s.fft; ++j) {
        const int64_t k = start + j;
        const float v = (j < s.frame && k >= 0 && k < n) ? fm::mul(x[k], window[j]) : 0.0f;
        buf[j] = Complex{v, 0.0f};
    }
    fft_inplace(buf, s.fft, false);
}

// out = y * gain, through the look-around limiter when some sample would pass +-1.
void level_and_limit(const float* y, int64_t n, float gain, int32_t reach, float* out) {
    float peak = 0.0f;
    for (int64_t t = 0; t < n; ++t) {
        peak = fm::fmax2(peak, y[t] < 0.0f ? -y[t] : y[t]);
    }
    if (!(fm::mul(peak, gain) > 1.0f)) {
        for (int64_t t = 0; t < n; ++t) {
            out[t] = fm::fmin2(fm::fmax2(fm::mul(y[t], gain), -1.0f), 1.0f);
        }
        return;
    }
    std::vector<float> lowest(static_cast<size_t>(n));
    for (int64_t t = 0; t < n; ++t) {
        float m = 1.0f;
        for (int64_t u = std::max<int64_t>(0, t - reach); u <= std::min(n - 1, t + reach); ++u) {
            m = fm::fmin2(m, limit_ratio(y[u], gain));
        }
        lowest[size_t(t)] = m;
    }
    const int32_t half = reach / 2;
    for (int64_t t = 0; t < n; ++t) {
        float sum = 0.0f;
        for (int64_t u = t - half; u <= t + half; ++u) {
            sum = fm::add(sum, lowest[size_t(std::min(std::max<int64_t>(u, 0), n - 1))]);
        }
        const float smooth = fm::div(sum, float(2 * half + 1));
        out[t] = fm::fmin2(fm::fmax2(fm::mul(fm::mul(y[t], gain), smooth), -1.0f), 1.0f);
    }
}

}  // namespace

void envelope_transfer(const float* in, const int64_t* offsets, int32_t batch, int32_t rate,
                       const float* target_db, float strength, float target_power, float* out) {
    const RenderShape s = render_shape(rate);
    const RenderTables tables = render_tables(s);
    const float* window = tables.window.data();
    std::vector<int64_t> frame_offsets{0};
    for (int32_t c = 0; c < batch; ++c) {
        frame_offsets.push_back(frame_offsets.back() +
                                render_frames(offsets[c + 1] - offsets[c], s.hop));
    }
    const size_t frames = static_cast<size_t>(frame_offsets.back());
    std::vector<float> energy(frames), power(frames * size_t(s.bins));
    std::vector<int32_t> active(frames), counts(static_cast<size_t>(batch));
    std::vector<Complex> buf(static_cast<size_t>(s.fft));
    for (int32_t c = 0; c < batch; ++c) {
        const float* x = in + offsets[c];
        const int64_t n = offsets[c + 1] - offsets[c];
        for (int64_t f = frame_offsets[c]; f < frame_offsets[c + 1]; ++f) {
            const int64_t local = f - frame_offsets[c];
            energy[size_t(f)] = frame_energy(x, n, render_frame_start(local, s), s.frame);
            frame_spectrum(x, n, local, s, window, buf.data());
            for (int32_t k = 0; k < s.bins; ++k) {
                power[size_t(f) * s.bins + size_t(k)] = power_re_im(buf[size_t(k)]);
            }
        }
    }
    activity(energy.data(), frame_offsets.data(), batch, active.data());
    std::vector<float> mean_db(size_t(batch) * s.bins), env(mean_db.size()), gain(mean_db.size());
    column_stats(power.data(), s.bins, frame_offsets.data(), batch, active.data(), s.db_scale,
                 mean_db.data(), nullptr, counts.data());
    cepstral_smooth(mean_db.data(), batch, s.fft, s.lifter, env.data());
    std::vector<float> mean_in(static_cast<size_t>(batch));
    column_stats(energy.data(), 1, frame_offsets.data(), batch, active.data(), 0.0f, mean_in.data(),
                 nullptr, nullptr);
    for (int32_t c = 0; c < batch; ++c) {
        const float* e = env.data() + size_t(c) * s.bins;
        const float level = mean_deviation(target_db, e, s);
        for (int32_t k = 0; k < s.bins; ++k) {
            gain[size_t(c) * s.bins + size_t(k)] =
                counts[size_t(c)] == 0
                    ? 1.0f
                    : envelope_gain(strength, fm::sub(deviation_db(target_db, e, k, s), level));
        }
    }

    // Synthesis and overlap-add, clip by clip (so out may alias in), then the level.
    const float scale = 1.0f / float(s.fft);
    std::vector<float> y, out_energy(frames);
    for (int32_t c = 0; c < batch; ++c) {
        const float* x = in + offsets[c];
        const int64_t n = offsets[c + 1] - offsets[c];
        y.assign(size_t(n), 0.0f);
        const float* g = gain.data() + size_t(c) * s.bins;
        for (int64_t f = frame_offsets[c]; f < frame_offsets[c + 1]; ++f) {
            const int64_t local = f - frame_offsets[c];
            frame_spectrum(x, n, local, s, window, buf.data());
            for (int32_t k = 0; k < s.fft; ++k) {
                const float gk = g[k < s.bins ? k : s.fft - k];
                buf[size_t(k)] =
                    Complex{fm::mul(buf[size_t(k)].re, gk), fm::mul(buf[size_t(k)].im, gk)};
            }
            fft_inplace(buf.data(), s.fft, true);
            const int64_t start = render_frame_start(local, s);
            for (int32_t j = 0; j < s.frame; ++j) {
                const int64_t t = start + j;
                if (t >= 0 && t < n) {
                    const float v = fm::mul(fm::mul(buf[size_t(j)].re, scale), window[j]);
                    y[size_t(t)] = fm::add(y[size_t(t)], v);
                }
            }
        }
        for (int64_t t = 0; t < n; ++t) {
            y[size_t(t)] = fm::mul(y[size_t(t)], tables.inv_norm[size_t(t % s.hop)]);
        }
        for (int64_t f = frame_offsets[c]; f < frame_offsets[c + 1]; ++f) {
            out_energy[size_t(f)] =
                frame_energy(y.data(), n, render_frame_start(f - frame_offsets[c], s), s.frame);
        }
        const int64_t clip_frames[2] = {0, frame_offsets[c + 1] - frame_offsets[c]};
        float mean_energy = 0.0f;
        column_stats(out_energy.data() + frame_offsets[c], 1, clip_frames, 1,
                     active.data() + frame_offsets[c], 0.0f, &mean_energy, nullptr, nullptr);
        const float level =
            loudness_gain(target_power, mean_in[size_t(c)], mean_energy, counts[size_t(c)]);
        level_and_limit(y.data(), n, level, s.reach, out + offsets[c]);
    }
}

}  // namespace tts::cpu

namespace tts::cpu {

void envelope_transfer_pcm16(const int16_t* in, const int64_t* offsets, int32_t batch, int32_t rate,
                             const float* target_db, float strength, float target_power,
                             int16_t* out) {
    const int64_t total = offsets[batch];
    std::vector<float> x(static_cast<size_t>(total));
    pcm16_to_float(in, total, 1.0f, x.data());
    envelope_transfer(x.data(), offsets, batch, rate, target_db, strength, target_power, x.data());
    float_to_pcm16(x.data(), total, 1.0f, out);
}

}  // namespace tts::cpu
