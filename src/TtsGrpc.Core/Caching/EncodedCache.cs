using TtsGrpc.Core.Audio;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// Segments already encoded in a client format (rate conversion, μ-law, float), in memory, so a
/// repeated hit in that format is a copy instead of a resampling pass. Each entry remembers the
/// master it was made from and is served only while the memory tier still holds that same master:
/// a refreshed or re-read master makes its old encodings unreachable, never stale. Statistics and
/// metrics call it the "rendered" tier (a name clients already read).
/// </summary>
public sealed class EncodedCache(long capacityBytes)
{
    private readonly LruCache<Entry> _entries = new(capacityBytes, entry => entry.Encoded.Length);
    private long _hits;
    private long _misses;

    public byte[]? TryGet(SegmentKey key, OutputFormat format, short[] master)
    {
        if (_entries.TryGet(KeyOf(key, format)) is { } entry && entry.Master.TryGetTarget(out var from) && ReferenceEquals(from, master))
        {
            Interlocked.Increment(ref _hits);
            return entry.Encoded;
        }

        Interlocked.Increment(ref _misses);
        return null;
    }

    public void Put(SegmentKey key, OutputFormat format, short[] master, byte[] encoded) =>
        _entries.Put(KeyOf(key, format), new Entry(new WeakReference<short[]>(master), encoded));

    public long Clear() => _entries.Clear();

    public CacheTierStatistics Statistics()
    {
        var bytes = _entries.Bytes;
        return new CacheTierStatistics(
            Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), _entries.Count, bytes, bytes, _entries.Evictions, 0, 0);
    }

    private static string KeyOf(SegmentKey key, OutputFormat format) => $"{key.Hex}/{(int)format.Encoding}/{format.SampleRate}";

    /// <summary>The master is held weakly: an encoding must not keep alive a master the memory tier let go.</summary>
    private sealed record Entry(WeakReference<short[]> Master, byte[] Encoded);
}
