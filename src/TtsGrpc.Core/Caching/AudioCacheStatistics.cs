namespace TtsGrpc.Core.Caching;

/// <summary>The audio cache's tiers as they stand, and the writes still queued for the store.</summary>
public sealed record AudioCacheStatistics(
    CacheTierStatistics Memory, CacheTierStatistics Disk, CacheTierStatistics Rendered, long QueuedWrites)
{
    /// <summary>The shared tier's counters; null when no shared tier is configured.</summary>
    public CacheTierStatistics? Shared { get; init; }

    /// <summary>The shared tier's connection, leases and faults; null when no shared tier is configured.</summary>
    public SharedTierStatistics? SharedTier { get; init; }
}
