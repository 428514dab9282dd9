// The audio operations: validate, then dispatch to the context's backend.
#include <cstring>

#include "api/context.h"
#include "api/error.h"
#include "api/validate.h"
#include "cpu/ops.h"
#include "ttsnative.h"

namespace {

bool on_cuda(const tts_context* context) { return context->backend == TTS_BACKEND_CUDA; }

// The checks shared by the elementwise conversions.
int32_t check_elementwise(const tts_context* context, const void* in, int64_t n, const void* out) {
    if (int32_t s = tts::check_context(context)) {
        return s;
    }
    if (int32_t s = tts::check_buffer(in, n, "in")) {
        return s;
    }
    return tts::check_buffer(out, n, "out");
}

}  // namespace

extern "C" {

TTS_API int32_t tts_pcm16_to_float(tts_context* context, const int16_t* in, int64_t n, float gain,
                                   float* out) {
    return tts::guarded("tts_pcm16_to_float", [&] {
        if (int32_t s = check_elementwise(context, in, n, out)) {
            return s;
        }
        if (int32_t s = tts::check_gain(gain)) {
            return s;
        }
        if (on_cuda(context)) {
            return tts::cuda::pcm16_to_float(context->device, in, n, gain, out);
        }
        tts::cpu::pcm16_to_float(in, n, gain, out);
        return TTS_OK;
    });
}

TTS_API int32_t tts_float_to_pcm16(tts_context* context, const float* in, int64_t n, float gain,
                                   int16_t* out) {
    return tts::guarded("tts_float_to_pcm16", [&] {
        if (int32_t s = check_elementwise(context, in, n, out)) {
            return s;
        }
        if (int32_t s = tts::check_gain(gain)) {
            return s;
        }
        if (on_cuda(context)) {
            return tts::cuda::float_to_pcm16(context->device, in, n, gain, out);
        }
        tts::cpu::float_to_pcm16(in, n, gain, out);
        return TTS_OK;
    });
}

TTS_API int32_t tts_mulaw_encode(tts_context* context, const int16_t* in, int64_t n, uint8_t* out) {
    return tts::guarded("tts_mulaw_encode", [&] {
        if (int32_t s = check_elementwise(context, in, n, out)) {
            return s;
        }
        if (on_cuda(context)) {
            return tts::cuda::mulaw_encode(context->device, in, n, out);
        }
        tts::cpu::mulaw_encode(in, n, out);
        return TTS_OK;
    });
}

TTS_API int32_t tts_alaw_encode(tts_context* context, const int16_t* in, int64_t n, uint8_t* out) {
    return tts::guarded("tts_alaw_encode", [&] {
        if (int32_t s = check_elementwise(context, in, n, out)) {
            return s;
        }
        if (on_cuda(context)) {
            return tts::cuda::alaw_encode(context->device, in, n, out);
        }
        tts::cpu::alaw_encode(in, n, out);
        return TTS_OK;
    });
}

TTS_API int32_t tts_resample_length(int32_t in_rate, int32_t out_rate, int64_t in_length,
                                    int64_t* out_length) {
    return tts::guarded("tts_resample_length", [&] {
        tts::ResampleRatio ratio;
        if (int32_t s = tts::resample_ratio(in_rate, out_rate, &ratio)) {
            return s;
        }
        if (in_length < 0 || in_length > tts::kMaxSamples) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT, "in_length %lld is outside 0..%lld",
                             (long long)in_length, (long long)tts::kMaxSamples);
        }
        if (int32_t s = tts::check_not_null(out_length, "out_length")) {
            return s;
        }
        *out_length = tts::resample_length(in_length, ratio);
        return TTS_OK;
    });
}

TTS_API int32_t tts_resample(tts_context* context, const float* in, const int64_t* in_offsets,
                             int32_t batch, int32_t in_rate, int32_t out_rate, float* out,
                             const int64_t* out_offsets) {
    return tts::guarded("tts_resample", [&] {
        tts::ResampleRatio ratio;
        int64_t in_total = 0;
        if (int32_t s = tts::check_context(context)) {
            return s;
        }
        if (int32_t s = tts::resample_ratio(in_rate, out_rate, &ratio)) {
            return s;
        }
        if (int32_t s = tts::check_offsets(in_offsets, batch, "in_offsets", &in_total)) {
            return s;
        }
        if (int32_t s =
                tts::check_out_offsets(out_offsets, in_offsets, batch, ratio, 1, "out_offsets")) {
            return s;
        }
        if (int32_t s = tts::check_buffer(in, in_total, "in")) {
            return s;
        }
        if (int32_t s = tts::check_buffer(out, out_offsets[batch], "out")) {
            return s;
        }
        if (ratio.up == 1 && ratio.down == 1) {
            if (in_total > 0) {
                std::memcpy(out, in, size_t(in_total) * sizeof(float));
            }
            return TTS_OK;
        }
        const tts::ResampleFilter& filter = context->filters.get(in_rate, out_rate);
        if (on_cuda(context)) {
            return tts::cuda::resample(context->device, filter, in, in_offsets, batch, out,
                                       out_offsets);
        }
        tts::cpu::resample(filter, in, in_offsets, batch, out, out_offsets);
        return TTS_OK;
    });
}

TTS_API int32_t tts_output_stage_size(int32_t in_rate, int32_t out_rate, int32_t encoding,
                                      const int64_t* in_offsets, int32_t batch,
                                      int64_t* out_offsets) {
    return tts::guarded("tts_output_stage_size", [&] {
        tts::ResampleRatio ratio;
        int32_t bytes = 0;
        int64_t in_total = 0;
        if (int32_t s = tts::resample_ratio(in_rate, out_rate, &ratio)) {
            return s;
        }
        if (int32_t s = tts::check_encoding(encoding, &bytes)) {
            return s;
        }
        if (int32_t s = tts::check_offsets(in_offsets, batch, "in_offsets", &in_total)) {
            return s;
        }
        if (int32_t s = tts::check_not_null(out_offsets, "out_offsets")) {
            return s;
        }
        out_offsets[0] = 0;
        for (int32_t i = 0; i < batch; ++i) {
            const int64_t n = in_offsets[i + 1] - in_offsets[i];
            out_offsets[i + 1] = out_offsets[i] + tts::resample_length(n, ratio) * bytes;
        }
        return TTS_OK;
    });
}

TTS_API int32_t tts_output_stage(tts_context* context, const int16_t* in, const int64_t* in_offsets,
                                 int32_t batch, int32_t in_rate, int32_t out_rate, float gain,
                                 int32_t encoding, uint8_t* out, const int64_t* out_offsets) {
    return tts::guarded("tts_output_stage", [&] {
        tts::ResampleRatio ratio;
        int32_t bytes = 0;
        int64_t in_total = 0;
        if (int32_t s = tts::check_context(context)) {
            return s;
        }
        if (int32_t s = tts::resample_ratio(in_rate, out_rate, &ratio)) {
            return s;
        }
        if (int32_t s = tts::check_encoding(encoding, &bytes)) {
            return s;
        }
        if (int32_t s = tts::check_gain(gain)) {
            return s;
        }
        if (int32_t s = tts::check_offsets(in_offsets, batch, "in_offsets", &in_total)) {
            return s;
        }
        if (int32_t s = tts::check_out_offsets(out_offsets, in_offsets, batch, ratio, bytes,
                                               "out_offsets")) {
            return s;
        }
        if (int32_t s = tts::check_buffer(in, in_total, "in")) {
            return s;
        }
        if (int32_t s = tts::check_buffer(out, out_offsets[batch] / bytes, "out")) {
            return s;
        }
        const bool same_rate = ratio.up == 1 && ratio.down == 1;
        const tts::ResampleFilter* filter =
            same_rate ? nullptr : &context->filters.get(in_rate, out_rate);
        if (on_cuda(context)) {
            return tts::cuda::output_stage(context->device, filter, in, in_offsets, batch, gain,
                                           encoding, out, out_offsets);
        }
        tts::cpu::output_stage(filter, in, in_offsets, batch, gain, encoding, out, out_offsets);
        return TTS_OK;
    });
}

}  // extern "C"
