using System.Runtime.InteropServices;
using TtsGrpc.Native;

namespace TtsGrpc.Core.Audio;

/// <summary>
/// Turns engine PCM16 into the client's format through libttsnative (gain, resampling, encoding),
/// on CUDA or CPU. Every synthesized byte leaves through here.
/// </summary>
public sealed class OutputStage(AudioCore core)
{
    public ComputeBackend Backend => core.Backend;

    /// <summary>The backend in use as metrics and health name it: "cuda" or "cpu".</summary>
    public string BackendName => core.Backend == ComputeBackend.Cuda ? "cuda" : "cpu";

    public string Description => core.Description;

    /// <summary>Why Backend=Auto runs on the CPU (no device, or the CUDA probe failed); null when it does not.</summary>
    public string? FallbackReason => core.FallbackReason;

    /// <summary>Encodes a batch of clips; one byte array per clip, in order.</summary>
    public byte[][] Encode(IReadOnlyList<short[]> clips, int engineRate, OutputFormat format, float gain = 1f)
    {
        var inOffsets = new long[clips.Count + 1];
        for (var i = 0; i < clips.Count; i++)
        {
            inOffsets[i + 1] = inOffsets[i] + clips[i].Length;
        }

        var pcm = new short[inOffsets[^1]];
        for (var i = 0; i < clips.Count; i++)
        {
            clips[i].CopyTo(pcm, inOffsets[i]);
        }

        var encoding = ToNative(format.Encoding);
        var outOffsets = new long[clips.Count + 1];
        AudioCore.OutputStageSizes(engineRate, format.SampleRate, encoding, inOffsets, outOffsets);
        var encoded = new byte[outOffsets[^1]];
        core.OutputStage(pcm, inOffsets, engineRate, format.SampleRate, gain, encoding, encoded, outOffsets);
        var result = new byte[clips.Count][];
        for (var i = 0; i < clips.Count; i++)
        {
            result[i] = encoded[(int)outOffsets[i]..(int)outOffsets[i + 1]];
        }

        return result;
    }

    /// <summary>Bytes <see cref="Encode(short[], int, OutputFormat, Span{byte}, float)"/> writes for a clip of this length.</summary>
    public static int EncodedLength(int clipLength, int engineRate, OutputFormat format)
    {
        ReadOnlySpan<long> inOffsets = [0, clipLength];
        Span<long> outOffsets = stackalloc long[2];
        AudioCore.OutputStageSizes(engineRate, format.SampleRate, ToNative(format.Encoding), inOffsets, outOffsets);
        return (int)outOffsets[1];
    }

    /// <summary>
    /// True when the format is the master's own bytes (little-endian PCM16 at the engine rate, on a little-endian
    /// host): encoding it is a copy.
    /// </summary>
    public static bool IsCopy(int engineRate, OutputFormat format) =>
        format.Encoding is AudioEncoding.Linear16 or AudioEncoding.Wav && format.SampleRate == engineRate && BitConverter.IsLittleEndian;

    /// <summary>Encodes one clip into <paramref name="destination"/>: the hot path of every cache hit, so it allocates nothing.</summary>
    public void Encode(short[] clip, int engineRate, OutputFormat format, Span<byte> destination, float gain = 1f)
    {
        if (gain == 1f && IsCopy(engineRate, format))
        {
            MemoryMarshal.AsBytes(clip.AsSpan()).CopyTo(destination);
            return;
        }

        ReadOnlySpan<long> inOffsets = [0, clip.Length];
        ReadOnlySpan<long> outOffsets = [0, destination.Length];
        core.OutputStage(clip, inOffsets, engineRate, format.SampleRate, gain, ToNative(format.Encoding), destination, outOffsets);
    }

    public byte[] Encode(short[] clip, int engineRate, OutputFormat format, float gain = 1f)
    {
        var encoded = GC.AllocateUninitializedArray<byte>(EncodedLength(clip.Length, engineRate, format));
        Encode(clip, engineRate, format, encoded, gain);
        return encoded;
    }

    private static NativeEncoding ToNative(AudioEncoding encoding) => encoding switch
    {
        AudioEncoding.Linear16 or AudioEncoding.Wav => NativeEncoding.Linear16,
        AudioEncoding.Float32 => NativeEncoding.Float32,
        AudioEncoding.Mulaw => NativeEncoding.Mulaw,
        AudioEncoding.Alaw => NativeEncoding.Alaw,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown encoding"),
    };
}
