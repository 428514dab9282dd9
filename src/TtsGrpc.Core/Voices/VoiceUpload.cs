namespace TtsGrpc.Core.Voices;

/// <summary>
/// What a client sent to create a voice: metadata and the reference recording's bytes, in one contiguous
/// block that the id hash and the WAV decoder read in place.
/// </summary>
public sealed record VoiceUpload(string Name, string Language, string Description, ReadOnlyMemory<byte> Audio)
{
    /// <summary>The engine voice's id the created voice speaks with, already resolved; empty: the one for its language.</summary>
    public string BaseVoice { get; init; } = "";
}
