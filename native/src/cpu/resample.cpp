#include "cpu/ops.h"
#include "cpu/polyphase.h"

namespace tts::cpu {

void resample(const ResampleFilter& filter, const float* in, const int64_t* in_offsets,
              int32_t batch, float* out, const int64_t* out_offsets) {
    for (int32_t c = 0; c < batch; ++c) {
        const float* x = in + in_offsets[c];
        const int64_t n = in_offsets[c + 1] - in_offsets[c];
        float* y = out + out_offsets[c];
        const int64_t m = out_offsets[c + 1] - out_offsets[c];
        const auto load = [x](int64_t k) { return x[k]; };
        for (int64_t j = 0; j < m; ++j) {
            y[j] = polyphase_sample(filter, load, n, j);
        }
    }
}

}  // namespace tts::cpu
