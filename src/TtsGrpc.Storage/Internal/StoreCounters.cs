namespace TtsGrpc.Storage.Internal;

/// <summary>Event counters since open; incremented from any thread.</summary>
internal sealed class StoreCounters
{
    private long _hits;
    private long _misses;
    private long _evictions;
    private long _corrupt;
    private long _writeFailures;
    private long _voiceCorrupt;
    private long _embeddingCorrupt;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    public long Evictions => Interlocked.Read(ref _evictions);
    public long Corrupt => Interlocked.Read(ref _corrupt);
    public long WriteFailures => Interlocked.Read(ref _writeFailures);
    public long VoiceCorrupt => Interlocked.Read(ref _voiceCorrupt);
    public long EmbeddingCorrupt => Interlocked.Read(ref _embeddingCorrupt);

    public void Hit() => Interlocked.Increment(ref _hits);
    public void Miss() => Interlocked.Increment(ref _misses);
    public void Evicted(long count) => Interlocked.Add(ref _evictions, count);
    public void CorruptFound() => Interlocked.Increment(ref _corrupt);
    public void WriteFailed() => Interlocked.Increment(ref _writeFailures);
    public void VoiceCorruptFound() => Interlocked.Increment(ref _voiceCorrupt);
    public void EmbeddingCorruptFound() => Interlocked.Increment(ref _embeddingCorrupt);
}
