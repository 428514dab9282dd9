#include "api/validate.h"

#include <climits>
#include <cmath>

#include "api/error.h"
#include "common/encoding.h"
#include "common/spectral.h"

namespace tts {

int32_t check_context(const tts_context* context) {
    return context == nullptr ? fail(TTS_ERR_INVALID_ARGUMENT, "context is NULL") : TTS_OK;
}

int32_t check_not_null(const void* pointer, const char* name) {
    return pointer == nullptr ? fail(TTS_ERR_INVALID_ARGUMENT, "%s is NULL", name) : TTS_OK;
}

int32_t check_buffer(const void* buffer, int64_t n, const char* name) {
    if (n < 0) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "n is negative (%lld)", (long long)n);
    }
    if (n > kMaxSamples) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "n = %lld exceeds the limit of %lld samples",
                    (long long)n, (long long)kMaxSamples);
    }
    if (buffer == nullptr && n > 0) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "%s is NULL but n = %lld", name, (long long)n);
    }
    return TTS_OK;
}

int32_t check_gain(float gain) {
    return std::isfinite(gain)
               ? TTS_OK
               : fail(TTS_ERR_INVALID_ARGUMENT, "gain must be finite (got %g)", double(gain));
}

int32_t check_encoding(int32_t encoding, int32_t* bytes) {
    *bytes = encoding_bytes(encoding);
    if (*bytes == 0) {
        return fail(TTS_ERR_INVALID_ARGUMENT,
                    "encoding %d is not supported (LINEAR16 = 1, FLOAT32 = 2, MULAW = 3, "
                    "ALAW = 8)",
                    encoding);
    }
    return TTS_OK;
}

int32_t check_offsets(const int64_t* offsets, int32_t batch, const char* name, int64_t* total) {
    if (batch < 0) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "batch is negative (%d)", batch);
    }
    if (offsets == nullptr) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "%s is NULL (it needs batch + 1 = %lld entries)",
                    name, (long long)batch + 1);
    }
    if (offsets[0] != 0) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "%s[0] is %lld; offsets must start at 0", name,
                    (long long)offsets[0]);
    }
    for (int32_t i = 0; i < batch; ++i) {
        if (offsets[i + 1] < offsets[i]) {
            return fail(TTS_ERR_INVALID_ARGUMENT,
                        "%s[%d] = %lld is less than %s[%d] = %lld; offsets must not decrease", name,
                        i + 1, (long long)offsets[i + 1], name, i, (long long)offsets[i]);
        }
    }
    if (offsets[batch] > kMaxSamples) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "%s[%d] = %lld exceeds the limit of %lld samples",
                    name, batch, (long long)offsets[batch], (long long)kMaxSamples);
    }
    *total = offsets[batch];
    return TTS_OK;
}

int32_t check_out_offsets(const int64_t* out_offsets, const int64_t* in_offsets, int32_t batch,
                          ResampleRatio ratio, int32_t bytes, const char* name) {
    if (out_offsets == nullptr) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "%s is NULL (it needs batch + 1 = %lld entries)",
                    name, (long long)batch + 1);
    }
    int64_t expected = 0;
    for (int32_t i = 0; i <= batch; ++i) {
        if (i > 0) {
            expected += resample_length(in_offsets[i] - in_offsets[i - 1], ratio) * bytes;
        }
        if (out_offsets[i] != expected) {
            return fail(
                TTS_ERR_INVALID_ARGUMENT,
                "%s[%d] is %lld but the clips before it take %lld; compute the offsets with "
                "tts_resample_length or tts_output_stage_size",
                name, i, (long long)out_offsets[i], (long long)expected);
        }
    }
    return TTS_OK;
}

int32_t check_finite(const float* x, int64_t n, const char* name) {
    for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i])) {
            return fail(TTS_ERR_INVALID_ARGUMENT, "%s[%lld] is not finite (%g)", name, (long long)i,
                        double(x[i]));
        }
    }
    return TTS_OK;
}

int32_t check_frames(int64_t n, int32_t* frames) {
    const int64_t count = analysis_frames(n);
    if (count > INT32_MAX) {
        return fail(TTS_ERR_INVALID_ARGUMENT, "%lld samples make %lld frames, more than %d",
                    (long long)n, (long long)count, INT32_MAX);
    }
    *frames = int32_t(count);
    return TTS_OK;
}

}  // namespace tts
