namespace TtsGrpc.Core.Voices;

/// <summary>A voice made from a reference recording: its id derives from the uploaded bytes.</summary>
public sealed record CreatedVoice(
    string Id, string Name, string Language, string Description, DateTimeOffset Created, VoiceProfile Profile);
