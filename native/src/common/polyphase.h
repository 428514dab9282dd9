// One output sample of the polyphase resampler, shared by the CPU reference (the float resampler
// and the fused output stage) and the CUDA kernels, so both sum in the same order and round every
// multiply and add separately (common/fmath.h): their outputs agree bit for bit.
//
// The taps are summed into eight running sums (tap i into lane i % 8), which are then added
// pairwise. One running sum made every output wait for a chain of 64 dependent adds; eight
// independent ones fill two SSE registers on the CPU and let both backends overlap the adds.
#ifndef TTS_COMMON_POLYPHASE_H
#define TTS_COMMON_POLYPHASE_H

#include <cstdint>

#include "common/encoding.h"  // TTS_HOST_DEVICE
#include "common/fmath.h"
#include "common/resample_filter.h"

namespace tts {

constexpr int32_t kPolyphaseLanes = 8;

// The shape of a ResampleFilter without its table, which the CUDA backend keeps on the device.
// taps == 0 when the rates are equal (no filter).
struct Polyphase {
    int32_t up;    // L
    int32_t down;  // M
    int32_t half;  // K
    int32_t taps;  // 2K
};

inline Polyphase polyphase_of(const ResampleFilter* filter) {
    if (filter == nullptr) {
        return Polyphase{1, 1, 0, 0};
    }
    return Polyphase{filter->ratio.up, filter->ratio.down, filter->half, filter->taps};
}

// A coefficient read: through the read-only data cache on the device.
TTS_HOST_DEVICE inline float polyphase_coeff(const float* h, int32_t i) {
#if defined(__CUDA_ARCH__)
    return __ldg(h + i);
#else
    return h[i];
#endif
}

// acc[l] += h[i + l] * x(i + l) for every lane of one block of taps; count < kPolyphaseLanes
// only for the last, partial block.
template <typename Tap>
TTS_HOST_DEVICE inline void polyphase_block(float (&acc)[kPolyphaseLanes], const float* h,
                                            int32_t i, int32_t count, Tap x) {
    for (int32_t l = 0; l < kPolyphaseLanes; ++l) {
        if (l < count) {
            acc[l] = fm::add(acc[l], fm::mul(polyphase_coeff(h, i + l), x(i + l)));
        }
    }
}

// Sums the taps weighted by h; x(i) is the input sample under tap i.
template <typename Tap>
TTS_HOST_DEVICE inline float polyphase_dot(const float* h, int32_t taps, Tap x) {
    float acc[kPolyphaseLanes] = {};
    int32_t i = 0;
    for (; i + kPolyphaseLanes <= taps; i += kPolyphaseLanes) {
        polyphase_block(acc, h, i, kPolyphaseLanes, x);
    }
    if (i < taps) {
        polyphase_block(acc, h, i, taps - i, x);
    }
    // Pairwise: lanes four apart, then two apart, then the last two.
    static_assert(kPolyphaseLanes == 8, "the sum below adds eight lanes");
    const float even = fm::add(fm::add(acc[0], acc[4]), fm::add(acc[2], acc[6]));
    const float odd = fm::add(fm::add(acc[1], acc[5]), fm::add(acc[3], acc[7]));
    return fm::add(even, odd);
}

// Where output sample j sits on the input: between samples base and base + 1, at phase / up.
struct PolyphasePosition {
    int64_t base;
    int64_t phase;
};

TTS_HOST_DEVICE inline PolyphasePosition polyphase_position(const Polyphase& p, int64_t j) {
    const int64_t pos = j * p.down;
    const int64_t base = pos / p.up;
    return PolyphasePosition{base, pos - base * p.up};
}

// The position of output sample j + 1 from that of j, without a division: a CPU loop over the
// outputs of a clip steps through them this way.
struct PolyphaseStep {
    int64_t base;   // down / up
    int64_t phase;  // down % up
};

inline PolyphaseStep polyphase_step(const Polyphase& p) {
    return PolyphaseStep{p.down / p.up, p.down % p.up};
}

inline void polyphase_advance(const Polyphase& p, PolyphaseStep step, PolyphasePosition* at) {
    at->base += step.base;
    at->phase += step.phase;
    if (at->phase >= p.up) {
        at->phase -= p.up;
        ++at->base;
    }
}

// The output sample at a position of a clip of n input samples; table is the filter's
// coefficients (phase-major, p.taps per phase). load(k) returns input sample k, 0 <= k < n;
// samples outside the clip count as zero.
template <typename Load>
TTS_HOST_DEVICE inline float polyphase_sample(const Polyphase& p, const float* table, Load load,
                                              int64_t n, PolyphasePosition at) {
    const float* h = table + at.phase * p.taps;
    const int64_t k0 = at.base - p.half + 1;
    if (k0 >= 0 && k0 + p.taps <= n) {
        return polyphase_dot(h, p.taps, [&](int32_t i) { return load(k0 + i); });
    }
    return polyphase_dot(h, p.taps, [&](int32_t i) {
        const int64_t k = k0 + i;
        return (k >= 0 && k < n) ? load(k) : 0.0f;
    });
}

}  // namespace tts

#endif
