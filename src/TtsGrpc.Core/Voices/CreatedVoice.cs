namespace TtsGrpc.Core.Voices;

/// <summary>A voice made from a reference recording: its id derives from the uploaded bytes.</summary>
public sealed record CreatedVoice(
    string Id, string Name, string Language, string Description, DateTimeOffset Created, VoiceProfile Profile)
{
    /// <summary>The engine voice it speaks with ("piper:en_US-lessac-medium"); empty: the espeak voice for its language.</summary>
    public string BaseVoice { get; init; } = "";
}
