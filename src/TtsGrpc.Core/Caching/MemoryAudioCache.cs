namespace TtsGrpc.Core.Caching;

/// <summary>The in-memory tier: least-recently-used PCM masters, bounded in bytes.</summary>
public sealed class MemoryAudioCache(long capacityBytes)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _gate = new();
    private long _bytes;

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

    public long Evictions { get; private set; }

    public short[]? TryGet(string key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Pcm;
        }
    }

    public void Put(string key, short[] pcm)
    {
        var size = (long)pcm.Length * sizeof(short);
        if (size > capacityBytes)
        {
            return;
        }

        lock (_gate)
        {
            RemoveLocked(key);
            _entries[key] = _recency.AddFirst(new Entry(key, pcm));
            _bytes += size;
            while (_bytes > capacityBytes && _recency.Last is { } oldest)
            {
                RemoveLocked(oldest.Value.Key);
                Evictions++;
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
        _bytes -= (long)node.Value.Pcm.Length * sizeof(short);
        return true;
    }

    private sealed record Entry(string Key, short[] Pcm);
}
