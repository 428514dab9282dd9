using System.Runtime.InteropServices;
using TtsGrpc.Native.Internal;

namespace TtsGrpc.Native;

/// <summary>
/// One native context (CPU or CUDA) and the operations it runs. CPU calls run in parallel on the
/// callers' threads; CUDA calls are serialized, since a CUDA context owns one stream.
/// </summary>
public sealed unsafe class AudioCore : IDisposable
{
    /// <summary>Bins per analysis frame of <see cref="StftPower"/> (a 512-point FFT).</summary>
    public const int AnalysisBins = 257;

    private readonly ContextHandle _context;
    private readonly Lock _gate = new();

    private AudioCore(ContextHandle context)
    {
        _context = context;
        ThrowIfFailed(NativeMethods.tts_context_backend(_context, out var backend));
        Backend = (ComputeBackend)backend;
        const int capacity = 512;
        var buffer = stackalloc byte[capacity];
        ThrowIfFailed(NativeMethods.tts_context_describe(_context, buffer, capacity));
        Description = Marshal.PtrToStringUTF8((nint)buffer) ?? Backend.ToString();
        ThrowIfFailed(NativeMethods.tts_context_fallback_reason(_context, buffer, capacity));
        var reason = Marshal.PtrToStringUTF8((nint)buffer);
        FallbackReason = string.IsNullOrEmpty(reason) ? null : reason;
    }

    /// <summary>The backend in use: <see cref="ComputeBackend.Cpu"/> or <see cref="ComputeBackend.Cuda"/>.</summary>
    public ComputeBackend Backend { get; }

    /// <summary>What runs the kernels, e.g. "cpu" or "cuda:0 NVIDIA H100 80GB HBM3".</summary>
    public string Description { get; }

    /// <summary>
    /// Why a core asked for <see cref="ComputeBackend.Auto"/> runs on the CPU, e.g. "no CUDA device answers (...)" or
    /// "the CUDA probe kernel failed on cuda:0 ...: ..."; null on CUDA and when the CPU was asked for.
    /// </summary>
    public string? FallbackReason { get; }

    public static bool CudaCompiled
    {
        get
        {
            ThrowIfFailed(NativeMethods.tts_cuda_compiled(out var compiled));
            return compiled != 0;
        }
    }

    public static int CudaDeviceCount
    {
        get
        {
            ThrowIfFailed(NativeMethods.tts_cuda_device_count(out var count));
            return count;
        }
    }

    public static Version LibraryVersion
    {
        get
        {
            ThrowIfFailed(NativeMethods.tts_version(out var v));
            return new Version(v / 10000, v / 100 % 100, v % 100);
        }
    }

    public static AudioCore Create(ComputeBackend backend)
    {
        ThrowIfFailed(NativeMethods.tts_context_create((int)backend, out var context));
        return new AudioCore(context);
    }

    public static long ResampledLength(int inRate, int outRate, long inLength)
    {
        ThrowIfFailed(NativeMethods.tts_resample_length(inRate, outRate, inLength, out var length));
        return length;
    }

    /// <summary>Fills <paramref name="outOffsets"/> (batch + 1) with the byte offsets of each encoded clip.</summary>
    public static void OutputStageSizes(
        int inRate, int outRate, NativeEncoding encoding, ReadOnlySpan<long> inOffsets, Span<long> outOffsets)
    {
        CheckOffsets(inOffsets, outOffsets);
        fixed (long* inOff = inOffsets)
        fixed (long* outOff = outOffsets)
        {
            ThrowIfFailed(NativeMethods.tts_output_stage_size(
                inRate, outRate, (int)encoding, inOff, inOffsets.Length - 1, outOff));
        }
    }

    /// <summary>PCM16 clips at <paramref name="inRate"/> -> gain -> resample -> encode, for a whole batch.</summary>
    public void OutputStage(
        ReadOnlySpan<short> pcm, ReadOnlySpan<long> inOffsets, int inRate, int outRate, float gain,
        NativeEncoding encoding, Span<byte> output, ReadOnlySpan<long> outOffsets)
    {
        CheckOffsets(inOffsets, outOffsets);
        Require(pcm.Length >= inOffsets[^1] && output.Length >= outOffsets[^1], "buffers are smaller than their offsets");
        fixed (short* input = pcm)
        fixed (long* inOff = inOffsets)
        fixed (byte* outBytes = output)
        fixed (long* outOff = outOffsets)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_output_stage(
                    _context, input, inOff, inOffsets.Length - 1, inRate, outRate, gain, (int)encoding, outBytes, outOff));
            }
        }
    }

    public void Resample(
        ReadOnlySpan<float> input, ReadOnlySpan<long> inOffsets, int inRate, int outRate,
        Span<float> output, ReadOnlySpan<long> outOffsets)
    {
        CheckOffsets(inOffsets, outOffsets);
        Require(input.Length >= inOffsets[^1] && output.Length >= outOffsets[^1], "buffers are smaller than their offsets");
        fixed (float* inSamples = input)
        fixed (long* inOff = inOffsets)
        fixed (float* outSamples = output)
        fixed (long* outOff = outOffsets)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_resample(
                    _context, inSamples, inOff, inOffsets.Length - 1, inRate, outRate, outSamples, outOff));
            }
        }
    }

    public void Pcm16ToFloat(ReadOnlySpan<short> input, float gain, Span<float> output)
    {
        Require(output.Length >= input.Length, "output is shorter than input");
        fixed (short* i = input)
        fixed (float* o = output)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_pcm16_to_float(_context, i, input.Length, gain, o));
            }
        }
    }

    public void FloatToPcm16(ReadOnlySpan<float> input, float gain, Span<short> output)
    {
        Require(output.Length >= input.Length, "output is shorter than input");
        fixed (float* i = input)
        fixed (short* o = output)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_float_to_pcm16(_context, i, input.Length, gain, o));
            }
        }
    }

    public void MulawEncode(ReadOnlySpan<short> input, Span<byte> output)
    {
        Require(output.Length >= input.Length, "output is shorter than input");
        fixed (short* i = input)
        fixed (byte* o = output)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_mulaw_encode(_context, i, input.Length, o));
            }
        }
    }

    /// <summary>Analyses a reference recording given as mono float at 16 kHz.</summary>
    public NativeVoiceProfile AnalyzeVoice(ReadOnlySpan<float> audio16k)
    {
        NativeVoiceProfile profile = default;
        fixed (float* audio = audio16k)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_analyze_voice(_context, audio, audio16k.Length, &profile));
            }
        }

        return profile;
    }

    /// <summary>
    /// The conditioning stage for a batch of clips at one rate: moves each clip's long-term spectral envelope
    /// toward <paramref name="targetEnvelopeDb"/> by <paramref name="strength"/> and normalizes loudness
    /// (NaN keeps it).
    /// </summary>
    public void EnvelopeTransfer(
        ReadOnlySpan<float> input, ReadOnlySpan<long> offsets, int sampleRate, ReadOnlySpan<float> targetEnvelopeDb,
        float strength, float targetLoudnessDbfs, Span<float> output)
    {
        Require(offsets.Length >= 1 && input.Length >= offsets[^1] && output.Length >= offsets[^1], "buffers are smaller than their offsets");
        Require(targetEnvelopeDb.Length == NativeVoiceProfile.EnvelopePoints, "the target envelope has the wrong number of points");
        fixed (float* i = input)
        fixed (long* off = offsets)
        fixed (float* target = targetEnvelopeDb)
        fixed (float* o = output)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_envelope_transfer(
                    _context, i, off, offsets.Length - 1, sampleRate, target, strength, targetLoudnessDbfs, o));
            }
        }
    }

    /// <summary>
    /// <see cref="EnvelopeTransfer"/> on 16-bit clips in one native call: the same result, bit for bit, as converting the
    /// batch to float (gain 1), <see cref="EnvelopeTransfer"/>, and converting back; on CUDA one upload and one download.
    /// </summary>
    public void EnvelopeTransferPcm16(
        ReadOnlySpan<short> input, ReadOnlySpan<long> offsets, int sampleRate, ReadOnlySpan<float> targetEnvelopeDb,
        float strength, float targetLoudnessDbfs, Span<short> output)
    {
        Require(offsets.Length >= 1 && input.Length >= offsets[^1] && output.Length >= offsets[^1], "buffers are smaller than their offsets");
        Require(targetEnvelopeDb.Length == NativeVoiceProfile.EnvelopePoints, "the target envelope has the wrong number of points");
        fixed (short* i = input)
        fixed (long* off = offsets)
        fixed (float* target = targetEnvelopeDb)
        fixed (short* o = output)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_envelope_transfer_pcm16(
                    _context, i, off, offsets.Length - 1, sampleRate, target, strength, targetLoudnessDbfs, o));
            }
        }
    }

    /// <summary>
    /// Complex FFT of <paramref name="batch"/> transforms of <paramref name="points"/> (a power of two)
    /// interleaved (re, im) values each; the inverse divides by <paramref name="points"/>.
    /// </summary>
    public void Fft(ReadOnlySpan<float> input, int points, int batch, bool inverse, Span<float> output)
    {
        Require(points > 0 && batch >= 0, "points must be positive and batch not negative");
        var floats = 2L * points * batch;
        Require(input.Length >= floats && output.Length >= floats, "buffers are smaller than batch x points complex values");
        fixed (float* i = input)
        fixed (float* o = output)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_fft(_context, i, points, batch, inverse ? 1 : 0, o));
            }
        }
    }

    /// <summary>Analysis frames (25 ms, 10 ms hop at 16 kHz) of a clip of <paramref name="samples"/>.</summary>
    public static int StftFrames(long samples)
    {
        ThrowIfFailed(NativeMethods.tts_stft_frames(samples, out var frames));
        return frames;
    }

    /// <summary>Power spectrum of every analysis frame: <see cref="StftFrames"/> x 257 bins, row-major.</summary>
    public void StftPower(ReadOnlySpan<float> audio16k, Span<float> power)
    {
        Require(power.Length >= (long)StftFrames(audio16k.Length) * AnalysisBins, "power is smaller than frames x bins");
        fixed (float* audio = audio16k)
        fixed (float* p = power)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_stft_power(_context, audio, audio16k.Length, p));
            }
        }
    }

    /// <summary>YIN pitch (0 = unvoiced) and confidence per analysis frame, searching <paramref name="minHz"/>..<paramref name="maxHz"/>.</summary>
    public void Yin(ReadOnlySpan<float> audio16k, float minHz, float maxHz, Span<float> f0, Span<float> confidence)
    {
        var frames = StftFrames(audio16k.Length);
        Require(f0.Length >= frames && confidence.Length >= frames, "outputs are shorter than the frame count");
        fixed (float* audio = audio16k)
        fixed (float* pitch = f0)
        fixed (float* c = confidence)
        {
            using (Enter())
            {
                ThrowIfFailed(NativeMethods.tts_yin(_context, audio, audio16k.Length, minHz, maxHz, pitch, c));
            }
        }
    }

    public void Dispose() => _context.Dispose();

    /// <summary>Holds the gate for a CUDA call; a CPU context is safe to share, so CPU calls pass.</summary>
    private Lock.Scope Enter() => Backend == ComputeBackend.Cuda ? _gate.EnterScope() : default;

    internal static void ThrowIfFailed(int status)
    {
        if (status == 0)
        {
            return;
        }

        var message = Marshal.PtrToStringUTF8((nint)NativeMethods.tts_last_error());
        var code = Enum.IsDefined((NativeStatus)status) ? (NativeStatus)status : NativeStatus.Internal;
        throw new NativeException(code, string.IsNullOrEmpty(message) ? $"libttsnative failed with status {status}" : message);
    }

    private static void CheckOffsets(ReadOnlySpan<long> inOffsets, ReadOnlySpan<long> outOffsets) =>
        Require(inOffsets.Length >= 1 && outOffsets.Length == inOffsets.Length, "offsets need batch + 1 entries on both sides");

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new NativeException(NativeStatus.InvalidArgument, message);
        }
    }
}
