/*
 * ttsnative.h - the C ABI of libttsnative, the native audio core of TtsGrpc.
 *
 * Ownership rules
 *  - Every pointer argument is borrowed for the duration of the call only; the library never
 *    keeps a caller's pointer and never frees memory it did not allocate.
 *  - A tts_context is created by tts_context_create and released by tts_context_destroy
 *    (destroy accepts NULL). A CPU context may be used by several threads at once; a CUDA context
 *    by one thread at a time (use one per worker for parallel calls). Contexts own their device
 *    memory and CUDA stream.
 *  - Output buffers are allocated by the caller; their sizes come from the *_length / *_size /
 *    *_frames functions below (or are fixed, like tts_voice_profile).
 *  - Every function returns an int32_t status (TTS_OK = 0). On failure a message describing the
 *    problem is stored per thread and returned by tts_last_error() until the next failing call on
 *    that thread. No C++ exception or CUDA error crosses this boundary, and nothing aborts.
 *
 * Batches: operations take `batch` clips laid end to end in one buffer, with an offsets array of
 * batch + 1 non-decreasing element offsets (offsets[0] = 0, clip i = [offsets[i], offsets[i+1])).
 */
#ifndef TTSNATIVE_H
#define TTSNATIVE_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define TTS_API __declspec(dllexport)
#else
#define TTS_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* status codes */
#define TTS_OK 0
#define TTS_ERR_INVALID_ARGUMENT 1 /* null pointer, negative length, bad offsets, bad rate/encoding */
#define TTS_ERR_UNSUPPORTED 2      /* e.g. CUDA requested from a library built without it */
#define TTS_ERR_DEVICE 3           /* a CUDA call failed or no device answers */
#define TTS_ERR_OUT_OF_MEMORY 4
#define TTS_ERR_INTERNAL 5

/* backends */
#define TTS_BACKEND_AUTO 0 /* CUDA when a device answers, else CPU */
#define TTS_BACKEND_CPU 1
#define TTS_BACKEND_CUDA 2

/* output encodings (values match tts.v1.AudioEncoding) */
#define TTS_ENCODING_LINEAR16 1 /* little-endian int16 */
#define TTS_ENCODING_FLOAT32 2  /* little-endian IEEE float, clamped to [-1, 1] */
#define TTS_ENCODING_MULAW 3    /* G.711 mu-law, one byte per sample */
/* 4..7 are other tts.v1.AudioEncoding values (WAV = 4 is LINEAR16 behind a header, made above this
 * library); ALAW keeps the proto's number. */
#define TTS_ENCODING_ALAW 8     /* G.711 A-law, one byte per sample */

typedef struct tts_context tts_context;

/* The message of the last failing call on this thread ("" when none). Never NULL. */
TTS_API const char* tts_last_error(void);

/* Library version as major * 10000 + minor * 100 + patch. */
TTS_API int32_t tts_version(int32_t* out_version);

/* 1 when the library was built with CUDA kernels, else 0. */
TTS_API int32_t tts_cuda_compiled(int32_t* out_compiled);

/* Number of CUDA devices that answer (0 when built without CUDA or no driver/device). */
TTS_API int32_t tts_cuda_device_count(int32_t* out_count);

/* Creates a context on the requested backend. A CUDA context is only made after a probe kernel
 * (one tiny launch, synchronized, its result checked) ran on device 0, so a GPU the library has
 * no kernel image for (cudaErrorNoKernelImageForDevice) or a broken driver shows here, not at
 * the first call.
 *  - AUTO: CUDA when the kernels are compiled in, a device answers and the probe passes; else
 *    the CPU, and tts_context_fallback_reason says why. AUTO never fails for lack of CUDA.
 *  - CUDA: fails without CUDA support (TTS_ERR_UNSUPPORTED), without a device or when the probe
 *    fails (TTS_ERR_DEVICE; the message names the device and the reason).
 * For tests, the environment variable TTS_CUDA_PROBE_FAIL set to anything but "" or "0" makes
 * the probe fail on a device that would pass it (AUTO falls back, CUDA fails). */
TTS_API int32_t tts_context_create(int32_t backend, tts_context** out_context);
TTS_API int32_t tts_context_destroy(tts_context* context);
/* The backend actually in use: TTS_BACKEND_CPU or TTS_BACKEND_CUDA. */
TTS_API int32_t tts_context_backend(const tts_context* context, int32_t* out_backend);
/* Human-readable description of the backend ("cpu", "cuda:0 NVIDIA H100 ..."); writes at most
 * capacity bytes including the terminating zero. */
TTS_API int32_t tts_context_describe(const tts_context* context, char* buffer, int32_t capacity);
/* Why an AUTO context runs on the CPU, e.g. "no CUDA device answers (...)", "libttsnative was
 * built without CUDA kernels" or "the CUDA probe kernel failed on cuda:0 ...: ..."; "" for a
 * context on CUDA or one created with TTS_BACKEND_CPU. Writes at most capacity bytes including
 * the terminating zero (capacity >= 1; 512 holds any reason). */
TTS_API int32_t tts_context_fallback_reason(const tts_context* context, char* buffer,
                                            int32_t capacity);

/* ---- elementwise conversions (n samples, no batching needed) ---- */
/* out[i] = in[i] * gain / 32768 */
TTS_API int32_t tts_pcm16_to_float(tts_context* context, const int16_t* in, int64_t n, float gain,
                                   float* out);
/* out[i] = clamp(round_half_even(in[i] * gain * 32768), -32768, 32767) */
TTS_API int32_t tts_float_to_pcm16(tts_context* context, const float* in, int64_t n, float gain,
                                   int16_t* out);
/* G.711 mu-law encoding of 16-bit linear samples (bias 0x84, clip 32635, inverted bits). */
TTS_API int32_t tts_mulaw_encode(tts_context* context, const int16_t* in, int64_t n, uint8_t* out);
/* G.711 A-law encoding of 16-bit linear samples (13-bit magnitude segments, even bits inverted). */
TTS_API int32_t tts_alaw_encode(tts_context* context, const int16_t* in, int64_t n, uint8_t* out);

/* ---- resampling: windowed-sinc polyphase (Kaiser window) ----
 * Supported rates: 8000..192000 Hz where in_rate/out_rate reduce to L/M with L, M <= 1024.
 * Output length of a clip of n samples: ceil(n * out_rate / in_rate). Equal rates copy. */
TTS_API int32_t tts_resample_length(int32_t in_rate, int32_t out_rate, int64_t in_length,
                                    int64_t* out_length);
TTS_API int32_t tts_resample(tts_context* context, const float* in, const int64_t* in_offsets,
                             int32_t batch, int32_t in_rate, int32_t out_rate, float* out,
                             const int64_t* out_offsets);

/* ---- the output stage: PCM16 at in_rate -> gain -> resample to out_rate -> encode ----
 * tts_output_stage_size fills out_offsets[batch + 1] with byte offsets of each encoded clip.
 * tts_output_stage writes the encoded clips to out at those offsets. */
TTS_API int32_t tts_output_stage_size(int32_t in_rate, int32_t out_rate, int32_t encoding,
                                      const int64_t* in_offsets, int32_t batch,
                                      int64_t* out_offsets);
TTS_API int32_t tts_output_stage(tts_context* context, const int16_t* in, const int64_t* in_offsets,
                                 int32_t batch, int32_t in_rate, int32_t out_rate, float gain,
                                 int32_t encoding, uint8_t* out, const int64_t* out_offsets);

/* ---- spectral analysis and the voice profile ----
 * Analysis works on mono float audio at TTS_ANALYSIS_RATE (resample other rates first with
 * tts_resample). Frames are TTS_ANALYSIS_FRAME samples (25 ms) every TTS_ANALYSIS_HOP samples
 * (10 ms), starting at sample 0: a clip of n >= 400 samples has 1 + (n - 400) / 160 frames
 * (integer division), shorter clips have none. Frames are weighted by a periodic Hann window
 * w[j] = 0.5 - 0.5 cos(2 pi j / 400) and zero-padded to TTS_ANALYSIS_FFT points. */
#define TTS_ANALYSIS_RATE 16000
#define TTS_ANALYSIS_FRAME 400
#define TTS_ANALYSIS_HOP 160
#define TTS_ANALYSIS_FFT 512
#define TTS_ANALYSIS_BINS 257 /* TTS_ANALYSIS_FFT / 2 + 1: bin k is k * 31.25 Hz */
/* Slaney mel scale (linear below 1 kHz, logarithmic above) from 0 to 8000 Hz, triangular
 * filters with Slaney area normalization (2 / bandwidth in Hz): librosa's default filterbank. */
#define TTS_MEL_BANDS 80
/* Envelope grid: point i is i * TTS_ENVELOPE_STEP_HZ Hz, 0..8000 Hz. */
#define TTS_ENVELOPE_POINTS 65
#define TTS_ENVELOPE_STEP_HZ 125
#define TTS_EMBEDDING_DIM 192
#define TTS_FFT_MAX 65536
/* Pitch range accepted by tts_yin; tts_analyze_voice searches 50..500 Hz. */
#define TTS_YIN_MIN_HZ 40
#define TTS_YIN_MAX_HZ 1000

/* The analysis of one reference recording. Fixed layout (no padding, 1700 bytes); mirrored by
 * the C# NativeVoiceProfile struct.
 *  - Active frames: frame energy (mean square of the 400 unwindowed samples) above both
 *    1e-4 * the loudest frame's energy (-40 dB) and 1e-8 (-80 dBFS).
 *  - F0 by tts_yin over 50..500 Hz. Percentiles (linear interpolation between order
 *    statistics) over the voiced active frames; 0 when no frame is voiced. voiced_ratio =
 *    voiced / active frames, counting only frames whose YIN window fits in the clip.
 *  - loudness_dbfs = 10 log10(mean energy of the active frames): RMS of active speech re a
 *    full-scale square wave (a full-scale sine is -3.01 dBFS).
 *  - mel_mean / mel_std: mean and standard deviation of tts_log_mel over the active frames.
 *  - envelope_db: the mean spectral envelope of the active frames, cepstrally smoothed: the
 *    mean of 10 log10(|X|^2 / sum(w^2)) (floored at -100 dB) is taken to the real cepstrum
 *    with the library's FFT, quefrencies 30 samples (1.875 ms) and above are zeroed, and the
 *    result transformed back and sampled at the grid points (bin 4 i). The smoothing is linear,
 *    so this equals the mean of the per-frame smoothed envelopes. The |X|^2 / sum(w^2) scale
 *    reads as power density: a clip analysed at another rate with 25 ms frames lands on the
 *    same dB values (see tts_envelope_transfer). Like any cepstral envelope it sits lower the
 *    sparser the harmonics (deeper valleys between them): voices far apart in F0 differ by a
 *    few dB in envelope level at equal loudness.
 *  - embedding: a similarity fingerprint, NOT a learned speaker embedding: a fixed seeded
 *    Gaussian random projection (192 x 229, the same on every host) of the features
 *    [mel_mean - its mean, mel_std, (envelope_db - its mean) * ln(10) / 10 (natural-log power
 *    like the mel values), 4 ln(f0 / 100 Hz) for median, p10 and p90 (0 when unvoiced),
 *    2 voiced_ratio], L2-normalized. Level does not move it; compare two profiles by the dot
 *    product of their embeddings (1 = same features). Computed on the host on both backends. */
typedef struct tts_voice_profile {
    float f0_median_hz;
    float f0_p10_hz;
    float f0_p90_hz;
    float voiced_ratio;
    float duration_s;
    float loudness_dbfs;
    int32_t frames;
    int32_t active_frames;
    float mel_mean[TTS_MEL_BANDS];
    float mel_std[TTS_MEL_BANDS];
    float envelope_db[TTS_ENVELOPE_POINTS];
    float embedding[TTS_EMBEDDING_DIM];
} tts_voice_profile;

#if defined(__cplusplus)
#define TTS_STATIC_ASSERT(cond, text) static_assert(cond, text)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define TTS_STATIC_ASSERT(cond, text) _Static_assert(cond, text)
#else /* C89/C99: an array of negative size fails to compile */
#define TTS_CONCAT_(a, b) a##b
#define TTS_CONCAT(a, b) TTS_CONCAT_(a, b)
#define TTS_STATIC_ASSERT(cond, text) \
    typedef char TTS_CONCAT(tts_static_assert_, __LINE__)[(cond) ? 1 : -1]
#endif
TTS_STATIC_ASSERT(sizeof(tts_voice_profile) == 1700, "tts_voice_profile must be 1700 bytes");
TTS_STATIC_ASSERT(offsetof(tts_voice_profile, frames) == 24, "frames at byte 24");
TTS_STATIC_ASSERT(offsetof(tts_voice_profile, mel_mean) == 32, "mel_mean at byte 32");
TTS_STATIC_ASSERT(offsetof(tts_voice_profile, envelope_db) == 672, "envelope_db at byte 672");
TTS_STATIC_ASSERT(offsetof(tts_voice_profile, embedding) == 932, "embedding at byte 932");

/* Complex FFT of batch transforms of n points (n a power of two, 2..TTS_FFT_MAX), interleaved
 * (re, im) floats, transform b at in + 2 n b. Forward: X[k] = sum x[j] e^(-2 pi i j k / n);
 * inverse (inverse = 1) uses e^(+...) and divides by n, so inverse(forward(x)) == x. Radix-2,
 * twiddles from one 65536-point table computed in double; CPU and CUDA give the same bits.
 * out may equal in. */
TTS_API int32_t tts_fft(tts_context* context, const float* in, int32_t n, int32_t batch,
                        int32_t inverse, float* out);

/* Number of analysis frames of n samples (see above); fails when it exceeds INT32_MAX. */
TTS_API int32_t tts_stft_frames(int64_t n_samples, int32_t* out_frames);

/* Power spectrum |X[k]|^2 (not normalized) of every analysis frame: frames x
 * TTS_ANALYSIS_BINS floats, row-major. */
TTS_API int32_t tts_stft_power(tts_context* context, const float* audio, int64_t n,
                               float* out_power);

/* out[f][m] = ln(max(sum_k mel[m][k] * power[f][k], 1e-10)) for power rows as from
 * tts_stft_power: frames x TTS_MEL_BANDS floats. */
TTS_API int32_t tts_log_mel(tts_context* context, const float* power, int32_t frames, float* out);

/* YIN pitch per analysis frame (tts_stft_frames(n) entries each), TTS_YIN_MIN_HZ <= fmin <
 * fmax <= TTS_YIN_MAX_HZ. Frame f's difference function d(tau) = sum (x[j] - x[j + tau])^2
 * integrates W = 240 samples (15 ms) centred in the frame, j from 160 f + 80, over lags
 * 1..tau_max + 1, tau_max = ceil(16000 / fmin): it reads up to tau_max + 1 samples past the
 * window, beyond the frame's end. A frame whose span does not fit in the clip is unvoiced
 * (f0 0, confidence 0). W is shorter than the classic 25 ms so that gliding pitch (150 Hz/s
 * and more in speech) still repeats within the window. Then: cumulative mean normalized
 * difference d'; the first lag in [floor(16000 / fmax), tau_max] with d' < 0.15, followed
 * down to its valley's minimum, refined by parabolic interpolation of d'; no such lag =
 * unvoiced (f0 0). out_confidence = clamp(1 - d', 0, 1) at the chosen lag (at the lowest d'
 * of the range for unvoiced frames). Decisions use + - * / only, so CPU and CUDA agree. */
TTS_API int32_t tts_yin(tts_context* context, const float* audio, int64_t n, float fmin, float fmax,
                        float* out_f0, float* out_confidence);

/* The voice profile of n samples at TTS_ANALYSIS_RATE (n >= TTS_ANALYSIS_FRAME). A clip with
 * no active frame (silence) fails with TTS_ERR_INVALID_ARGUMENT, "no active speech". On CUDA
 * the per-frame stages and the reductions run as kernels; the F0 percentiles, the voiced ratio
 * and the embedding are computed on the host from the reduced data (on both backends). */
TTS_API int32_t tts_analyze_voice(tts_context* context, const float* audio16k, int64_t n,
                                  tts_voice_profile* out);

/* The render stage: for each clip (any rate 8000..48000 Hz), move the shape of its long-term
 * spectral envelope toward target_envelope_db (TTS_ENVELOPE_POINTS values, a profile's
 * envelope_db), then set its loudness.
 *  - STFT: frame N = 25 ms rounded to a multiple of 4 samples, hop N / 4, periodic Hann
 *    analysis and synthesis windows, FFT size the power of two >= 1.5 N (512..2048). The first
 *    frame starts N - hop samples before the clip, so every sample lies in exactly 4 frames;
 *    weighted overlap-add divides by the sum of the 4 squared window values, so strength 0
 *    reproduces the input up to rounding (relative error about 1e-6).
 *  - E(f): the clip's mean envelope over its active frames (activity as in tts_voice_profile,
 *    on these N-sample frames), cepstrally smoothed like envelope_db (lifter 1.875 ms), power
 *    scaled by 16000 / rate so levels compare across rates. T(f): the target interpolated
 *    linearly on the Hz grid, the last point held above 8 kHz. D = T - E.
 *  - Every frame's spectrum is multiplied by 10^(g / 20), g(f) = clamp(strength * (D(f) -
 *    mean D), -18, +18) dB, mean D over the bins 0..8 kHz. The gain is the same for all frames
 *    of a clip: each frame keeps its deviation from E (phonetic variation) while the long-term
 *    envelope moves by strength * (D - mean D); a frame's own smoothed envelope would cancel
 *    out of that gain, so it is never computed. mean D is left out because level belongs to the
 *    loudness step, and so the +-18 dB serve the shape.
 *  - Loudness: the clip is scaled so that the mean energy of its active frames (10 log10, as
 *    loudness_dbfs) is target_loudness_dbfs, or, when that is NaN, what it was in the input.
 *    A clip without active frames keeps its level.
 *  - Peak limiter, only on clips where a sample would pass +-1: per-sample gain = the minimum
 *    of 1 / |sample| within 5 ms either side, averaged over a 5 ms box (so it never exceeds
 *    the minimum at the sample itself); the result is clamped to [-1, 1].
 * strength is in 0..1; target_loudness_dbfs is NaN or in -100..0. out uses the same offsets as
 * in and may equal in. On CUDA every stage is one launch over all clips of the batch. */
TTS_API int32_t tts_envelope_transfer(tts_context* context, const float* in, const int64_t* offsets,
                                      int32_t batch, int32_t sample_rate,
                                      const float* target_envelope_db, float strength,
                                      float target_loudness_dbfs, float* out);

/* tts_envelope_transfer on 16-bit clips, the whole batch in one call: the same result as
 * tts_pcm16_to_float (gain 1) over the batch, tts_envelope_transfer, then tts_float_to_pcm16
 * (gain 1), bit for bit, on either backend. On CUDA that is one upload of the int16 clips, the
 * kernels, and one download. out uses the same offsets as in and may equal in. */
TTS_API int32_t tts_envelope_transfer_pcm16(tts_context* context, const int16_t* in,
                                            const int64_t* offsets, int32_t batch,
                                            int32_t sample_rate, const float* target_envelope_db,
                                            float strength, float target_loudness_dbfs,
                                            int16_t* out);

#ifdef __cplusplus
}
#endif

#endif /* TTSNATIVE_H */
