using TtsGrpc.Storage;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// What the shared tier gave a segment that missed locally: its audio, or a miss, with the lease token when this
/// replica now holds the segment's lease (it synthesizes, writes the value, then releases the lease).
/// </summary>
public sealed record SharedLookup(StoredAudio? Audio, string? LeaseToken)
{
    public static SharedLookup Miss { get; } = new(null, null);
}
