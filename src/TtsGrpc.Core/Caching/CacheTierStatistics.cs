namespace TtsGrpc.Core.Caching;

/// <summary>Counters of one cache tier.</summary>
public sealed record CacheTierStatistics(
    long Hits, long Misses, long Entries, long RawBytes, long StoredBytes, long Evictions, long Corrupt, long InflightDedupes)
{
    /// <summary>Writes that failed (disk tier; shared tier: failed or dropped from a full queue); the audio still reached its caller.</summary>
    public long WriteFailures { get; init; }

    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    public double CompressionRatio => StoredBytes == 0 ? 0 : (double)RawBytes / StoredBytes;
}
