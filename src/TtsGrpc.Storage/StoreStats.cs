namespace TtsGrpc.Storage;

/// <summary>
/// Entries, RawBytes and StoredBytes describe the audio on disk (voices are not counted); the
/// other counters count events since the store was opened. WriteFailures covers the whole
/// database, voice writes included; corrupt voices are counted in <see cref="VoiceStore.Corrupt"/>.
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
    /// <summary>Raw PCM bytes per stored byte (frame headers included); 1 when the store is empty.</summary>
    public double CompressionRatio => StoredBytes == 0 ? 1.0 : (double)RawBytes / StoredBytes;
}
