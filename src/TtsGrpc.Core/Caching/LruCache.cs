namespace TtsGrpc.Core.Caching;

/// <summary>
/// A least-recently-used map bounded in bytes (each value's size from <c>sizeOf</c>) and, when
/// <c>maxEntries</c> is above 0, in entries too. Thread-safe.
/// </summary>
public sealed class LruCache<T>(long capacityBytes, Func<T, long> sizeOf, long maxEntries = 0)
    where T : class
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _gate = new();
    private long _bytes;
    private long _evictions;

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public long Evictions => Interlocked.Read(ref _evictions);

    public T? TryGet(string key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Value;
        }
    }

    public void Put(string key, T value)
    {
        var size = sizeOf(value);
        if (size > capacityBytes)
        {
            return;
        }

        lock (_gate)
        {
            RemoveLocked(key);
            _entries[key] = _recency.AddFirst(new Entry(key, value, size));
            _bytes += size;
            while ((_bytes > capacityBytes || (maxEntries > 0 && _entries.Count > maxEntries)) && _recency.Last is { } oldest)
            {
                RemoveLocked(oldest.Value.Key);
                Interlocked.Increment(ref _evictions);
            }
        }
    }

    public bool Remove(string key)
    {
        lock (_gate)
        {
            return RemoveLocked(key);
        }
    }

    public long Clear()
    {
        lock (_gate)
        {
            var count = _entries.Count;
            _entries.Clear();
            _recency.Clear();
            _bytes = 0;
            return count;
        }
    }

    private bool RemoveLocked(string key)
    {
        if (!_entries.Remove(key, out var node))
        {
            return false;
        }

        _recency.Remove(node);
        _bytes -= node.Value.Size;
        return true;
    }

    private sealed record Entry(string Key, T Value, long Size);
}
