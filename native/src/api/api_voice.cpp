// Voice analysis (the profile) and the render stage (envelope transfer).
#include <climits>
#include <cmath>

#include "api/context.h"
#include "api/error.h"
#include "api/validate.h"
#include "common/render_plan.h"
#include "common/spectral.h"
#include "cpu/ops.h"
#include "ttsnative.h"

namespace {

bool on_cuda(const tts_context* context) { return context->backend == TTS_BACKEND_CUDA; }

int32_t check_render_args(int32_t sample_rate, const float* target_envelope_db, float strength,
                          float target_loudness_dbfs) {
    if (sample_rate < tts::kRenderMinRate || sample_rate > tts::kRenderMaxRate) {
        return tts::fail(TTS_ERR_INVALID_ARGUMENT, "sample_rate %d is outside %d..%d Hz",
                         sample_rate, tts::kRenderMinRate, tts::kRenderMaxRate);
    }
    if (int32_t s = tts::check_not_null(target_envelope_db, "target_envelope_db")) {
        return s;
    }
    if (int32_t s =
            tts::check_finite(target_envelope_db, TTS_ENVELOPE_POINTS, "target_envelope_db")) {
        return s;
    }
    if (!(strength >= 0.0f && strength <= 1.0f)) {
        return tts::fail(TTS_ERR_INVALID_ARGUMENT, "strength must be in 0..1 (got %g)",
                         double(strength));
    }
    if (!std::isnan(target_loudness_dbfs) &&
        !(target_loudness_dbfs >= -100.0f && target_loudness_dbfs <= 0.0f)) {
        return tts::fail(TTS_ERR_INVALID_ARGUMENT,
                         "target_loudness_dbfs must be NaN (keep) or in -100..0 (got %g)",
                         double(target_loudness_dbfs));
    }
    return TTS_OK;
}

// The checks both render entry points share; fills the batch's sample count and the target
// mean energy (-1 keeps each clip's loudness; otherwise rounded once here so both backends use
// the same float).
template <typename Sample>
int32_t check_render(const tts_context* context, const int64_t* offsets, int32_t batch,
                     int32_t sample_rate, const float* target_envelope_db, float strength,
                     float target_loudness_dbfs, const Sample* in, const Sample* out,
                     int64_t* total, float* target_power) {
    if (int32_t s = tts::check_context(context)) {
        return s;
    }
    if (int32_t s =
            check_render_args(sample_rate, target_envelope_db, strength, target_loudness_dbfs)) {
        return s;
    }
    if (int32_t s = tts::check_offsets(offsets, batch, "offsets", total)) {
        return s;
    }
    if (int32_t s = tts::check_buffer(in, *total, "in")) {
        return s;
    }
    if (int32_t s = tts::check_buffer(out, *total, "out")) {
        return s;
    }
    const tts::RenderShape shape = tts::render_shape(sample_rate);
    int64_t frames = 0;
    for (int32_t c = 0; c < batch; ++c) {
        frames += tts::render_frames(offsets[c + 1] - offsets[c], shape.hop);
    }
    if (frames > INT32_MAX) {
        return tts::fail(TTS_ERR_INVALID_ARGUMENT,
                         "the batch makes %lld render frames, more than %d; split it",
                         (long long)frames, INT32_MAX);
    }
    *target_power = std::isnan(target_loudness_dbfs)
                        ? -1.0f
                        : float(std::pow(10.0, target_loudness_dbfs / 10.0));
    return TTS_OK;
}

}  // namespace

extern "C" {

TTS_API int32_t tts_analyze_voice(tts_context* context, const float* audio16k, int64_t n,
                                  tts_voice_profile* out) {
    return tts::guarded("tts_analyze_voice", [&] {
        int32_t frames = 0;
        if (int32_t s = tts::check_context(context)) {
            return s;
        }
        if (int32_t s = tts::check_buffer(audio16k, n, "audio16k")) {
            return s;
        }
        if (n < tts::kFrame) {
            return tts::fail(TTS_ERR_INVALID_ARGUMENT,
                             "n = %lld: a profile needs at least %d samples (25 ms at 16 kHz)",
                             (long long)n, tts::kFrame);
        }
        if (int32_t s = tts::check_frames(n, &frames)) {
            return s;
        }
        if (int32_t s = tts::check_not_null(out, "out")) {
            return s;
        }
        if (int32_t s = tts::check_finite(audio16k, n, "audio16k")) {
            return s;
        }
        if (on_cuda(context)) {
            return tts::cuda::analyze_voice(context->device, audio16k, n, out);
        }
        return tts::cpu::analyze_voice(audio16k, n, out);
    });
}

TTS_API int32_t tts_envelope_transfer(tts_context* context, const float* in, const int64_t* offsets,
                                      int32_t batch, int32_t sample_rate,
                                      const float* target_envelope_db, float strength,
                                      float target_loudness_dbfs, float* out) {
    return tts::guarded("tts_envelope_transfer", [&] {
        int64_t total = 0;
        float target_power = 0.0f;
        if (int32_t s =
                check_render(context, offsets, batch, sample_rate, target_envelope_db, strength,
                             target_loudness_dbfs, in, out, &total, &target_power)) {
            return s;
        }
        if (int32_t s = tts::check_finite(in, total, "in")) {
            return s;
        }
        if (total == 0) {
            return TTS_OK;
        }
        if (on_cuda(context)) {
            return tts::cuda::envelope_transfer(context->device, in, offsets, batch, sample_rate,
                                                target_envelope_db, strength, target_power, out);
        }
        tts::cpu::envelope_transfer(in, offsets, batch, sample_rate, target_envelope_db, strength,
                                    target_power, out);
        return TTS_OK;
    });
}

TTS_API int32_t tts_envelope_transfer_pcm16(tts_context* context, const int16_t* in,
                                            const int64_t* offsets, int32_t batch,
                                            int32_t sample_rate, const float* target_envelope_db,
                                            float strength, float target_loudness_dbfs,
                                            int16_t* out) {
    return tts::guarded("tts_envelope_transfer_pcm16", [&] {
        int64_t total = 0;
        float target_power = 0.0f;
        if (int32_t s =
                check_render(context, offsets, batch, sample_rate, target_envelope_db, strength,
                             target_loudness_dbfs, in, out, &total, &target_power)) {
            return s;
        }
        if (total == 0) {
            return TTS_OK;
        }
        if (on_cuda(context)) {
            return tts::cuda::envelope_transfer_pcm16(context->device, in, offsets, batch,
                                                      sample_rate, target_envelope_db, strength,
                                                      target_power, out);
        }
        tts::cpu::envelope_transfer_pcm16(in, offsets, batch, sample_rate, target_envelope_db,
                                          strength, target_power, out);
        return TTS_OK;
    });
}

}  // extern "C"
