using TtsGrpc.Native;

namespace TtsGrpc.Core.Voices;

/// <summary>
/// The render stage on the native core: a batch of engine clips at one rate, conditioned on one
/// voice at one strength (envelope transfer toward the reference's mean envelope, loudness matched
/// to the reference's active speech).
/// </summary>
public sealed class VoiceRenderer(AudioCore core)
{
    public short[][] Render(IReadOnlyList<short[]> clips, int sampleRate, VoiceProfile profile, float strength)
    {
        var offsets = new long[clips.Count + 1];
        for (var i = 0; i < clips.Count; i++)
        {
            offsets[i + 1] = offsets[i] + clips[i].Length;
        }

        var input = new float[offsets[^1]];
        for (var i = 0; i < clips.Count; i++)
        {
            core.Pcm16ToFloat(clips[i], 1f, input.AsSpan((int)offsets[i], clips[i].Length));
        }

        var output = new float[input.Length];
        core.EnvelopeTransfer(input, offsets, sampleRate, profile.EnvelopeDb, strength, profile.LoudnessDbfs, output);
        var rendered = new short[clips.Count][];
        for (var i = 0; i < clips.Count; i++)
        {
            rendered[i] = new short[clips[i].Length];
            core.FloatToPcm16(output.AsSpan((int)offsets[i], clips[i].Length), 1f, rendered[i]);
        }

        return rendered;
    }
}
