using System.Runtime.InteropServices;

namespace TtsGrpc.Native.Internal;

/// <summary>Every import of libttsnative (native/include/ttsnative.h). Arguments are blittable.</summary>
internal static unsafe partial class NativeMethods
{
    internal const string LibraryName = "ttsnative";

    static NativeMethods() => NativeLibraryLoader.Register();

    [LibraryImport(LibraryName)]
    internal static partial byte* tts_last_error();

    [LibraryImport(LibraryName)]
    internal static partial int tts_version(out int version);

    [LibraryImport(LibraryName)]
    internal static partial int tts_cuda_compiled(out int compiled);

    [LibraryImport(LibraryName)]
    internal static partial int tts_cuda_device_count(out int count);

    [LibraryImport(LibraryName)]
    internal static partial int tts_context_create(int backend, out ContextHandle context);

    [LibraryImport(LibraryName)]
    internal static partial int tts_context_destroy(nint context);

    [LibraryImport(LibraryName)]
    internal static partial int tts_context_backend(ContextHandle context, out int backend);

    [LibraryImport(LibraryName)]
    internal static partial int tts_context_describe(ContextHandle context, byte* buffer, int capacity);

    [LibraryImport(LibraryName)]
    internal static partial int tts_context_fallback_reason(ContextHandle context, byte* buffer, int capacity);

    [LibraryImport(LibraryName)]
    internal static partial int tts_pcm16_to_float(ContextHandle context, short* input, long n, float gain, float* output);

    [LibraryImport(LibraryName)]
    internal static partial int tts_float_to_pcm16(ContextHandle context, float* input, long n, float gain, short* output);

    [LibraryImport(LibraryName)]
    internal static partial int tts_mulaw_encode(ContextHandle context, short* input, long n, byte* output);

    [LibraryImport(LibraryName)]
    internal static partial int tts_resample_length(int inRate, int outRate, long inLength, out long outLength);

    [LibraryImport(LibraryName)]
    internal static partial int tts_resample(
        ContextHandle context, float* input, long* inOffsets, int batch, int inRate, int outRate, float* output, long* outOffsets);

    [LibraryImport(LibraryName)]
    internal static partial int tts_output_stage_size(
        int inRate, int outRate, int encoding, long* inOffsets, int batch, long* outOffsets);

    [LibraryImport(LibraryName)]
    internal static partial int tts_output_stage(
        ContextHandle context, short* input, long* inOffsets, int batch, int inRate, int outRate, float gain,
        int encoding, byte* output, long* outOffsets);

    [LibraryImport(LibraryName)]
    internal static partial int tts_analyze_voice(ContextHandle context, float* audio16k, long n, NativeVoiceProfile* profile);

    [LibraryImport(LibraryName)]
    internal static partial int tts_envelope_transfer(
        ContextHandle context, float* input, long* offsets, int batch, int sampleRate, float* targetEnvelopeDb,
        float strength, float targetLoudnessDbfs, float* output);

    [LibraryImport(LibraryName)]
    internal static partial int tts_envelope_transfer_pcm16(
        ContextHandle context, short* input, long* offsets, int batch, int sampleRate, float* targetEnvelopeDb,
        float strength, float targetLoudnessDbfs, short* output);

    [LibraryImport(LibraryName)]
    internal static partial int tts_fft(ContextHandle context, float* input, int n, int batch, int inverse, float* output);

    [LibraryImport(LibraryName)]
    internal static partial int tts_stft_frames(long samples, out int frames);

    [LibraryImport(LibraryName)]
    internal static partial int tts_stft_power(ContextHandle context, float* audio, long n, float* power);

    [LibraryImport(LibraryName)]
    internal static partial int tts_yin(ContextHandle context, float* audio, long n, float fmin, float fmax, float* f0, float* confidence);
}
