namespace TtsGrpc.Core.Caching;

/// <summary>The audio cache's tiers as they stand, and the writes still queued for the store.</summary>
public sealed record AudioCacheStatistics(
    CacheTierStatistics Memory, CacheTierStatistics Disk, CacheTierStatistics Rendered, long QueuedWrites);
