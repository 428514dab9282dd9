#include "cpu/ops.h"
#include "common/polyphase.h"

namespace tts::cpu {

void resample(const ResampleFilter& filter, const float* in, const int64_t* in_offsets,
              int32_t batch, float* out, const int64_t* out_offsets) {
    const Polyphase shape = polyphase_of(&filter);
    const PolyphaseStep step = polyphase_step(shape);
    for (int32_t c = 0; c < batch; ++c) {
        const float* x = in + in_offsets[c];
        const int64_t n = in_offsets[c + 1] - in_offsets[c];
        float* y = out + out_offsets[c];
        const int64_t m = out_offsets[c + 1] - out_offsets[c];
        const auto load = [x](int64_t k) { return x[k]; };
        PolyphasePosition at{0, 0};
        for (int64_t j = 0; j < m; ++j) {
            y[j] = polyphase_sample(shape, filter.coeffs.data(), load, n, at);
            polyphase_advance(shape, step, &at);
        }
    }
}

}  // namespace tts::cpu
