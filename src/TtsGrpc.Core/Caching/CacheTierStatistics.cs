namespace TtsGrpc.Core.Caching;

/// <summary>Counters of one cache tier.</summary>
public sealed record CacheTierStatistics(
    long Hits, long Misses, long Entries, long RawBytes, long StoredBytes, long Evictions, long Corrupt, long InflightDedupes)
{
    /// <summary>Store writes that failed (disk tier only); the audio still reached its caller.</summary>
    public long WriteFailures { get; init; }

    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    public double CompressionRatio => StoredBytes == 0 ? 0 : (double)RawBytes / StoredBytes;
}
