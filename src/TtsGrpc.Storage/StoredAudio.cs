namespace TtsGrpc.Storage;

/// <summary>
/// A rendered segment as kept on disk: PCM16 mono at the engine's rate, and when each word is spoken.
/// <paramref name="Words"/> null: the engine could not time this segment's words; empty: timed, and
/// there are none (silence).
/// </summary>
public sealed record StoredAudio(
    short[] Pcm,
    int SampleRate,
    string Engine,
    string Text,
    DateTimeOffset Created,
    IReadOnlyList<StoredWord>? Words = null);
