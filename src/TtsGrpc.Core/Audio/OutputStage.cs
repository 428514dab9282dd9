using TtsGrpc.Native;

namespace TtsGrpc.Core.Audio;

/// <summary>
/// Turns engine PCM16 into the client's format through libttsnative (gain, resampling, encoding),
/// on CUDA or CPU. Every synthesized byte leaves through here.
/// </summary>
public sealed class OutputStage(AudioCore core)
{
    public ComputeBackend Backend => core.Backend;

    public string Description => core.Description;

    /// <summary>Encodes a batch of clips; one byte array per clip, in order.</summary>
    public byte[][] Render(IReadOnlyList<short[]> clips, int engineRate, OutputFormat format, float gain = 1f)
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

    public byte[] Render(short[] clip, int engineRate, OutputFormat format, float gain = 1f) =>
        Render([clip], engineRate, format, gain)[0];

    private static NativeEncoding ToNative(AudioEncoding encoding) => encoding switch
    {
        AudioEncoding.Linear16 or AudioEncoding.Wav => NativeEncoding.Linear16,
        AudioEncoding.Float32 => NativeEncoding.Float32,
        AudioEncoding.Mulaw => NativeEncoding.Mulaw,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown encoding"),
    };
}
