using TtsGrpc.Storage;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// Rendered segment masters (PCM16 at the engine rate) in two tiers: memory in front of the
/// persistent store. Disk hits are promoted to memory. Writes are best effort and leave the caller's
/// path at once (<see cref="DiskWriter"/>): a failed disk write is counted by the store and the
/// caller still gets its audio.
/// </summary>
public sealed class AudioCache(LruCache<short[]> memory, SegmentStore disk, DiskWriter writer, RenderedCache rendered)
{
    private long _memoryHits;
    private long _memoryMisses;

    public SingleFlight<short[]> Flights { get; } = new();

    /// <summary>Masters already encoded in client formats; part of the memory tier for clearing.</summary>
    public RenderedCache Rendered => rendered;

    public short[]? TryGet(SegmentKey key)
    {
        if (memory.TryGet(key.Hex) is { } pcm)
        {
            Interlocked.Increment(ref _memoryHits);
            return pcm;
        }

        Interlocked.Increment(ref _memoryMisses);
        if (disk.TryGet(key.Bytes) is not { } stored)
        {
            return null;
        }

        memory.Put(key.Hex, stored.Pcm);
        return stored.Pcm;
    }

    public bool Contains(SegmentKey key) => memory.TryGet(key.Hex) is not null || disk.Contains(key.Bytes);

    public void Put(SegmentKey key, short[] pcm, int sampleRate, string engine, string text)
    {
        if (pcm.Length == 0)
        {
            return; // empty audio is never cached
        }

        memory.Put(key.Hex, pcm);
        writer.Enqueue(key.Bytes, new StoredAudio(pcm, sampleRate, engine, text, DateTimeOffset.UtcNow));
    }

    public long Clear(bool memoryTier, bool diskTier)
    {
        writer.Flush(); // a queued write must not land after the clear
        if (memoryTier)
        {
            rendered.Clear(); // encodings of the masters, not entries of their own
        }

        return (memoryTier ? memory.Clear() : 0) + (diskTier ? disk.Clear() : 0);
    }

    public ValidationReport Validate()
    {
        writer.Flush();
        return disk.Validate();
    }

    public (CacheTierStatistics Memory, CacheTierStatistics Disk) Statistics()
    {
        writer.Flush();
        return CurrentStatistics();
    }

    /// <summary>The counters as they stand, without waiting for queued writes (cheap enough for every metrics scrape).</summary>
    public (CacheTierStatistics Memory, CacheTierStatistics Disk) CurrentStatistics()
    {
        var bytes = memory.Bytes;
        var memoryStats = new CacheTierStatistics(
            Interlocked.Read(ref _memoryHits), Interlocked.Read(ref _memoryMisses), memory.Count, bytes, bytes,
            memory.Evictions, 0, Flights.Shared);
        var d = disk.Stats;
        var diskStats = new CacheTierStatistics(
            d.Hits, d.Misses, d.Entries, d.RawBytes, d.StoredBytes, d.Evictions, d.Corrupt, Flights.Shared)
        {
            WriteFailures = d.WriteFailures,
        };
        return (memoryStats, diskStats);
    }
}
