namespace TtsGrpc.Core.Engines;

/// <summary>Speaking rate (1 = engine default) and pitch shift in semitones, already validated.</summary>
public readonly record struct Prosody(float Speed, float PitchSemitones)
{
    public const float MinSpeed = 0.25f;
    public const float MaxSpeed = 4f;
    public const float MaxPitchSemitones = 12f;

    public static Prosody Default => new(1f, 0f);
}
