namespace TtsGrpc.Storage;

/// <summary>
/// What the shared tier's server did since start. <paramref name="Failures"/>: commands that failed or timed out;
/// <paramref name="Skipped"/>: commands not sent because no connection was up (both cost the request nothing).
/// </summary>
public sealed record SharedStoreStats(
    bool Connected, long Corrupt, long Writes, long WriteFailures, long Oversized, long Failures, long Skipped, long StateChanges);
