using TtsGrpc.Native;

namespace TtsGrpc.Core.Voices;

/// <summary>
/// The conditioning stage on the native core: a batch of engine clips at one rate, conditioned on one
/// voice at one strength (envelope transfer toward the reference's mean envelope, loudness matched
/// to the reference's active speech).
/// </summary>
public sealed class SpectralConditioner(AudioCore core)
{
    /// <summary>
    /// Conditions the batch in one native call (on CUDA: one upload, the kernels, one download), the clips laid end to end.
    /// </summary>
    public short[][] Condition(IReadOnlyList<short[]> clips, int sampleRate, VoiceProfile profile, float strength)
    {
        var offsets = new long[clips.Count + 1];
        for (var i = 0; i < clips.Count; i++)
        {
            offsets[i + 1] = offsets[i] + clips[i].Length;
        }

        var samples = new short[offsets[^1]];
        for (var i = 0; i < clips.Count; i++)
        {
            clips[i].CopyTo(samples, offsets[i]);
        }

        core.EnvelopeTransferPcm16(samples, offsets, sampleRate, profile.EnvelopeDb, strength, profile.LoudnessDbfs, samples);
        var conditioned = new short[clips.Count][];
        for (var i = 0; i < clips.Count; i++)
        {
            conditioned[i] = samples.AsSpan((int)offsets[i], clips[i].Length).ToArray();
        }

        return conditioned;
    }
}
