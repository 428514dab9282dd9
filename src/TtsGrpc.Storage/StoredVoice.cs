namespace TtsGrpc.Storage;

/// <summary>
/// A created voice as kept on disk: its metadata and the profile serialized by the caller, which
/// the store keeps as opaque bytes.
/// </summary>
public sealed record StoredVoice(string Id, string Name, string Language, string Description, DateTimeOffset Created, byte[] Profile)
{
    /// <summary>The engine voice the created voice speaks with; empty: the one for its language.</summary>
    public string BaseVoice { get; init; } = "";
}
