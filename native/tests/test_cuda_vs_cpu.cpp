// Every operation on a CUDA context against the CPU reference, on fresh random inputs.
// Exits 77 (skipped) when no CUDA device answers.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "check.h"
#include "cuda_pair.h"

namespace {

std::mt19937_64 g_rng;

int32_t max_lsb(const int16_t* cpu, const int16_t* gpu, size_t n) {
    int32_t worst = 0;
    for (size_t i = 0; i < n; ++i) {
        worst = std::max(worst, std::abs(int32_t(cpu[i]) - int32_t(gpu[i])));
    }
    return worst;
}

// Mu-law codes as positions on the line of decoded values, so neighbours differ by one.
int32_t ordinal(uint8_t code) {
    const int32_t u = ~code & 0xFF;
    return (u & 0x80) ? 127 - (u & 0x7F) : 128 + (u & 0x7F);
}

// The same for A-law codes: even bits inverted, sign bit set for positive.
int32_t alaw_ordinal(uint8_t code) {
    const int32_t u = code ^ 0x55;
    return (u & 0x80) ? (u & 0x7F) : -(u & 0x7F) - 1;
}

int32_t max_code_step(const uint8_t* cpu, const uint8_t* gpu, size_t n,
                      int32_t (*position)(uint8_t) = ordinal) {
    int32_t worst = 0;
    for (size_t i = 0; i < n; ++i) {
        worst = std::max(worst, std::abs(position(cpu[i]) - position(gpu[i])));
    }
    return worst;
}

std::vector<int16_t> random_pcm16(size_t n) {
    std::uniform_int_distribution<int32_t> dist(-32768, 32767);
    std::vector<int16_t> v(n);
    for (int16_t& x : v) {
        x = int16_t(dist(g_rng));
    }
    return v;
}

std::vector<float> random_float(size_t n, float range) {
    std::uniform_real_distribution<float> dist(-range, range);
    std::vector<float> v(n);
    for (float& x : v) {
        x = dist(g_rng);
    }
    return v;
}

float random_gain() { return std::uniform_real_distribution<float>(0.3f, 1.5f)(g_rng); }

void elementwise(const Contexts& c) {
    const size_t n = 1 << 20;
    const std::vector<int16_t> pcm = random_pcm16(n);
    const float gain = random_gain();
    std::vector<float> f_cpu(n), f_gpu(n);
    CHECK_OK(tts_pcm16_to_float(c.cpu, pcm.data(), int64_t(n), gain, f_cpu.data()));
    CHECK_OK(tts_pcm16_to_float(c.gpu, pcm.data(), int64_t(n), gain, f_gpu.data()));
    const double err = relative_error(f_cpu.data(), f_gpu.data(), n);
    std::printf("pcm16_to_float: max relative error %.3g\n", err);
    CHECK(err <= 1e-6);

    std::vector<float> x = random_float(n, 1.3f);
    const float lsb = 1.0f / 32768.0f;
    const float specials[] = {0.5f * lsb,
                              1.5f * lsb,
                              -2.5f * lsb,
                              1.0f,
                              -1.0f,
                              0.0f,
                              std::numeric_limits<float>::infinity(),
                              -std::numeric_limits<float>::infinity(),
                              std::numeric_limits<float>::quiet_NaN()};
    std::copy(std::begin(specials), std::end(specials), x.begin());
    std::vector<int16_t> p_cpu(n), p_gpu(n);
    CHECK_OK(tts_float_to_pcm16(c.cpu, x.data(), int64_t(n), gain, p_cpu.data()));
    CHECK_OK(tts_float_to_pcm16(c.gpu, x.data(), int64_t(n), gain, p_gpu.data()));
    const int32_t lsbs = max_lsb(p_cpu.data(), p_gpu.data(), n);
    std::printf("float_to_pcm16: max difference %d LSB\n", lsbs);
    CHECK(lsbs <= 1);

    std::vector<int16_t> all = random_pcm16(n);
    for (int32_t i = 0; i < 65536; ++i) {
        all[size_t(i)] = int16_t(i - 32768);
    }
    std::vector<uint8_t> m_cpu(n), m_gpu(n);
    CHECK_OK(tts_mulaw_encode(c.cpu, all.data(), int64_t(n), m_cpu.data()));
    CHECK_OK(tts_mulaw_encode(c.gpu, all.data(), int64_t(n), m_gpu.data()));
    const int32_t steps = max_code_step(m_cpu.data(), m_gpu.data(), n);
    std::printf("mulaw_encode: max difference %d code steps (all int16 plus random)\n", steps);
    CHECK(steps <= 1);

    // Integer math on both sides: every code must match, on all int16 and fresh random input.
    std::vector<int16_t> a_in = random_pcm16(n);
    for (int32_t i = 0; i < 65536; ++i) {
        a_in[size_t(i)] = int16_t(i - 32768);
    }
    std::vector<uint8_t> a_cpu(n), a_gpu(n);
    CHECK_OK(tts_alaw_encode(c.cpu, a_in.data(), int64_t(n), a_cpu.data()));
    CHECK_OK(tts_alaw_encode(c.gpu, a_in.data(), int64_t(n), a_gpu.data()));
    const int32_t a_steps = max_code_step(a_cpu.data(), a_gpu.data(), n, alaw_ordinal);
    std::printf("alaw_encode: max difference %d code steps (all int16 plus random)\n", a_steps);
    CHECK(a_steps == 0);
}

// Random clip lengths, including empty and very short clips.
std::vector<int64_t> random_offsets(int32_t batch, int64_t longest) {
    std::uniform_int_distribution<int64_t> dist(0, longest);
    std::vector<int64_t> offsets{0};
    for (int32_t i = 0; i < batch; ++i) {
        const int64_t n = i % 7 == 3 ? i % 5 : dist(g_rng);
        offsets.push_back(offsets.back() + n);
    }
    return offsets;
}

int64_t longest_for(int32_t batch) { return batch == 1 ? 66150 : (batch == 16 ? 20000 : 6000); }

const int32_t kInRates[] = {22050, 16000, 24000};
const int32_t kOutRates[] = {8000, 16000, 22050, 24000, 44100, 48000};

void resample(const Contexts& c) {
    double worst = 0;
    for (int32_t batch : {1, 16, 256}) {
        for (int32_t in_rate : kInRates) {
            for (int32_t out_rate : kOutRates) {
                const std::vector<int64_t> in_off = random_offsets(batch, longest_for(batch));
                std::vector<int64_t> out_off{0};
                for (int32_t i = 0; i < batch; ++i) {
                    int64_t m = 0;
                    CHECK_OK(tts_resample_length(in_rate, out_rate, in_off[i + 1] - in_off[i], &m));
                    out_off.push_back(out_off.back() + m);
                }
                const std::vector<float> in = random_float(size_t(in_off.back()), 1.0f);
                std::vector<float> cpu(size_t(out_off.back())), gpu(cpu.size());
                CHECK_OK(tts_resample(c.cpu, in.data(), in_off.data(), batch, in_rate, out_rate,
                                      cpu.data(), out_off.data()));
                CHECK_OK(tts_resample(c.gpu, in.data(), in_off.data(), batch, in_rate, out_rate,
                                      gpu.data(), out_off.data()));
                const double err = relative_error(cpu.data(), gpu.data(), cpu.size());
                worst = std::max(worst, err);
                if (err > 1e-5) {
                    std::printf("  resample %d->%d batch %d: relative error %.3g\n", in_rate,
                                out_rate, batch, err);
                }
            }
        }
    }
    std::printf("resample: max relative error %.3g (batches 1, 16, 256; all rate pairs)\n", worst);
    CHECK(worst <= 1e-5);
}

void output_stage(const Contexts& c) {
    double worst[TTS_ENCODING_ALAW + 1] = {};
    for (int32_t encoding :
         {TTS_ENCODING_LINEAR16, TTS_ENCODING_FLOAT32, TTS_ENCODING_MULAW, TTS_ENCODING_ALAW}) {
        for (int32_t batch : {1, 16, 256}) {
            for (int32_t in_rate : kInRates) {
                for (int32_t out_rate : kOutRates) {
                    const std::vector<int64_t> in_off = random_offsets(batch, longest_for(batch));
                    std::vector<int64_t> out_off(size_t(batch) + 1);
                    CHECK_OK(tts_output_stage_size(in_rate, out_rate, encoding, in_off.data(),
                                                   batch, out_off.data()));
                    const std::vector<int16_t> in = random_pcm16(size_t(in_off.back()));
                    const float gain = random_gain();
                    std::vector<uint8_t> cpu(size_t(out_off.back())), gpu(cpu.size());
                    CHECK_OK(tts_output_stage(c.cpu, in.data(), in_off.data(), batch, in_rate,
                                              out_rate, gain, encoding, cpu.data(),
                                              out_off.data()));
                    CHECK_OK(tts_output_stage(c.gpu, in.data(), in_off.data(), batch, in_rate,
                                              out_rate, gain, encoding, gpu.data(),
                                              out_off.data()));
                    double err = 0;
                    if (encoding == TTS_ENCODING_LINEAR16) {
                        std::vector<int16_t> a(cpu.size() / 2), b(cpu.size() / 2);
                        std::memcpy(a.data(), cpu.data(), cpu.size());
                        std::memcpy(b.data(), gpu.data(), gpu.size());
                        err = max_lsb(a.data(), b.data(), a.size());
                    } else if (encoding == TTS_ENCODING_FLOAT32) {
                        std::vector<float> a(cpu.size() / 4), b(cpu.size() / 4);
                        std::memcpy(a.data(), cpu.data(), cpu.size());
                        std::memcpy(b.data(), gpu.data(), gpu.size());
                        err = relative_error(a.data(), b.data(), a.size());
                    } else if (encoding == TTS_ENCODING_MULAW) {
                        err = max_code_step(cpu.data(), gpu.data(), cpu.size());
                    } else {
                        err = max_code_step(cpu.data(), gpu.data(), cpu.size(), alaw_ordinal);
                    }
                    worst[encoding] = std::max(worst[encoding], err);
                }
            }
        }
    }
    std::printf("output_stage LINEAR16: max difference %.0f LSB\n", worst[1]);
    std::printf("output_stage FLOAT32: max relative error %.3g\n", worst[2]);
    std::printf("output_stage MULAW: max difference %.0f code steps\n", worst[3]);
    std::printf("output_stage ALAW: max difference %.0f code steps\n", worst[TTS_ENCODING_ALAW]);
    std::printf(
        "(output_stage: batches 1, 16, 256; in 22050/16000/24000 Hz; out 8000..48000 Hz)\n");
    CHECK(worst[1] <= 1);
    CHECK(worst[2] <= 1e-5);
    CHECK(worst[3] <= 1);
    CHECK(worst[TTS_ENCODING_ALAW] <= 1);
}

}  // namespace

int main() {
    Contexts c{};
    if (const int skip = open_contexts(c, g_rng); skip != 0) {
        return skip;
    }

    elementwise(c);
    resample(c);
    output_stage(c);

    tts_context_destroy(c.gpu);
    tts_context_destroy(c.cpu);
    return check::finish("test_cuda_vs_cpu");
}
