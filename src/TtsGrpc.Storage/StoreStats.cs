namespace TtsGrpc.Storage;

/// <summary>
/// Entries, RawBytes and StoredBytes describe the audio on disk (voices are not counted); the
/// other counters count events since the store was opened.
/// </summary>
public sealed record StoreStats(
    long Hits,
    long Misses,
    long Entries,
    long RawBytes,
    long StoredBytes,
    long Evictions,
    long Corrupt,
    long WriteFailures)
{
    /// <summary>Voice records found corrupt (and removed) since open; not included in <see cref="Corrupt"/>.</summary>
    public long VoiceCorrupt { get; init; }

    /// <summary>Raw PCM bytes per stored byte (frame headers included); 1 when the store is empty.</summary>
    public double CompressionRatio => StoredBytes == 0 ? 1.0 : (double)RawBytes / StoredBytes;
}
