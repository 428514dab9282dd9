using TtsGrpc.Core.Caching;

namespace TtsGrpc.Tests.Unit;

public sealed class LruCacheTests
{
    [Fact]
    public void Put_MoreEntriesThanMaxEntries_EvictsTheLeastRecentlyUsed()
    {
        var cache = new LruCache<string>(capacityBytes: 1 << 20, sizeOf: _ => 1, maxEntries: 3);
        cache.Put("a", "A");
        cache.Put("b", "B");
        cache.Put("c", "C");
        Assert.NotNull(cache.TryGet("a")); // "b" is now the least recently used

        cache.Put("d", "D");

        Assert.Equal(3, cache.Count);
        Assert.Null(cache.TryGet("b"));
        Assert.NotNull(cache.TryGet("a"));
        Assert.NotNull(cache.TryGet("c"));
        Assert.NotNull(cache.TryGet("d"));
        Assert.Equal(1, cache.Evictions);
    }

    [Fact]
    public void Put_ZeroMaxEntries_BoundsByBytesOnly()
    {
        var cache = new LruCache<string>(capacityBytes: 10, sizeOf: _ => 2);
        for (var i = 0; i < 8; i++)
        {
            cache.Put($"k{i}", "v");
        }

        Assert.Equal(5, cache.Count);
        Assert.Equal(10, cache.Bytes);
        Assert.Null(cache.TryGet("k2"));
        Assert.NotNull(cache.TryGet("k3"));
    }

    [Fact]
    public void Put_ByteBoundReachedBeforeMaxEntries_TheByteBoundEvicts()
    {
        var cache = new LruCache<string>(capacityBytes: 6, sizeOf: v => v.Length, maxEntries: 100);
        cache.Put("a", "aaa");
        cache.Put("b", "bbb");

        cache.Put("c", "ccc");

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.TryGet("a"));
    }
}
