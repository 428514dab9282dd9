/*
 * ttsnative.h - the C ABI of libttsnative, the native audio core of TtsGrpc.
 *
 * Ownership rules
 *  - Every pointer argument is borrowed for the duration of the call only; the library never
 *    keeps a caller's pointer and never frees memory it did not allocate.
 *  - A tts_context is created by tts_context_create and released by tts_context_destroy
 *    (destroy accepts NULL). A context may be used by one thread at a time; use one context per
 *    worker for parallel calls. Contexts own their device memory and CUDA stream.
 *  - Output buffers are allocated by the caller; their sizes come from the *_length / *_size
 *    functions below.
 *  - Every function returns an int32_t status (TTS_OK = 0). On failure a message describing the
 *    problem is stored per thread and returned by tts_last_error() until the next failing call on
 *    that thread. No C++ exception or CUDA error crosses this boundary, and nothing aborts.
 *
 * Batches: operations take `batch` clips laid end to end in one buffer, with an offsets array of
 * batch + 1 non-decreasing element offsets (offsets[0] = 0, clip i = [offsets[i], offsets[i+1])).
 */
#ifndef TTSNATIVE_H
#define TTSNATIVE_H

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

typedef struct tts_context tts_context;

/* The message of the last failing call on this thread ("" when none). Never NULL. */
TTS_API const char* tts_last_error(void);

/* Library version as major * 10000 + minor * 100 + patch. */
TTS_API int32_t tts_version(int32_t* out_version);

/* 1 when the library was built with CUDA kernels, else 0. */
TTS_API int32_t tts_cuda_compiled(int32_t* out_compiled);

/* Number of CUDA devices that answer (0 when built without CUDA or no driver/device). */
TTS_API int32_t tts_cuda_device_count(int32_t* out_count);

/* Creates a context on the requested backend. AUTO picks CUDA when a device answers.
 * CUDA without a device or without CUDA support fails (TTS_ERR_DEVICE / TTS_ERR_UNSUPPORTED). */
TTS_API int32_t tts_context_create(int32_t backend, tts_context** out_context);
TTS_API int32_t tts_context_destroy(tts_context* context);
/* The backend actually in use: TTS_BACKEND_CPU or TTS_BACKEND_CUDA. */
TTS_API int32_t tts_context_backend(const tts_context* context, int32_t* out_backend);
/* Human-readable description of the backend ("cpu", "cuda:0 NVIDIA H100 ..."); writes at most
 * capacity bytes including the terminating zero. */
TTS_API int32_t tts_context_describe(const tts_context* context, char* buffer, int32_t capacity);

/* ---- elementwise conversions (n samples, no batching needed) ---- */
/* out[i] = in[i] * gain / 32768 */
TTS_API int32_t tts_pcm16_to_float(tts_context* context, const int16_t* in, int64_t n, float gain,
                                   float* out);
/* out[i] = clamp(round_half_even(in[i] * gain * 32768), -32768, 32767) */
TTS_API int32_t tts_float_to_pcm16(tts_context* context, const float* in, int64_t n, float gain,
                                   int16_t* out);
/* G.711 mu-law encoding of 16-bit linear samples (bias 0x84, clip 32635, inverted bits). */
TTS_API int32_t tts_mulaw_encode(tts_context* context, const int16_t* in, int64_t n, uint8_t* out);

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

#ifdef __cplusplus
}
#endif

#endif /* TTSNATIVE_H */
