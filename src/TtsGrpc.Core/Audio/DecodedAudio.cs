namespace TtsGrpc.Core.Audio;

/// <summary>Audio decoded to mono float in [-1, 1], with what the file declared.</summary>
public sealed record DecodedAudio(float[] Samples, int SampleRate, int Channels, int BitsPerSample, bool IsFloat)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;
}
