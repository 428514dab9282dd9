namespace TtsGrpc.Core.Caching;

/// <summary>The shared tier beyond the per-tier counters: its connection, leases, and what it cost when it failed.</summary>
public sealed record SharedTierStatistics(
    bool Connected,
    long LeasesTaken,
    long LeaseWaits,
    long LeaseWaitTimeouts,
    long Writes,
    long DroppedWrites,
    long OversizedValues,
    long Failures,
    long Skipped,
    long StateChanges,
    long QueuedWrites);
