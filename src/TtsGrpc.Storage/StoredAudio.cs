namespace TtsGrpc.Storage;

/// <summary>A rendered segment as kept on disk: PCM16 mono at the engine's rate.</summary>
public sealed record StoredAudio(short[] Pcm, int SampleRate, string Engine, string Text, DateTimeOffset Created);
