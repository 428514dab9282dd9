namespace TtsGrpc.Core.Voices;

/// <summary>What a client sent to create a voice: metadata and the reference recording's bytes.</summary>
public sealed record VoiceUpload(string Name, string Language, string Description, byte[] Audio);
