using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

public sealed class SegmentStoreEvictionTests : IDisposable
{
    // Noise does not compress, so every entry has the same stored size.
    private const int Samples = 2000;
    private static readonly long EntryBytes = AudioFrame.Encode(Entry(0)).Length;
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TryPut_PastCapacity_EvictsLeastRecentlyUsed(bool flushBeforeFilling)
    {
        long capacity = (10 * EntryBytes) + (EntryBytes / 2);
        using var store = _directory.Open(capacityBytes: capacity);
        Fill(store.Segments, 0, 10);
        foreach (int touched in new[] { 0, 1, 2 })
        {
            Assert.NotNull(store.Segments.TryGet(TestAudio.Key(touched)));
        }

        if (flushBeforeFilling)
        {
            store.Segments.FlushAccesses();
        }

        Fill(store.Segments, 10, 15);

        AssertPresent(store.Segments, [0, 1, 2, 8, 9, 10, 11, 12, 13, 14]);
        AssertAbsent(store.Segments, [3, 4, 5, 6, 7]);
        Assert.Equal(5, store.Segments.Stats.Evictions);
        Assert.Equal(10, store.Segments.Stats.Entries);
        Assert.True(store.Segments.Stats.StoredBytes <= capacity);
    }

    [Fact]
    public void TryPut_AfterReopen_KeepsAccessOrder()
    {
        long capacity = (6 * EntryBytes) + (EntryBytes / 2);
        using (var store = _directory.Open(capacityBytes: capacity))
        {
            Fill(store.Segments, 0, 6);
            Assert.NotNull(store.Segments.TryGet(TestAudio.Key(0)));
        }

        using var reopened = _directory.Open(capacityBytes: capacity);
        Fill(reopened.Segments, 6, 8);

        AssertPresent(reopened.Segments, [0, 3, 4, 5, 6, 7]);
        AssertAbsent(reopened.Segments, [1, 2]);
    }

    [Fact]
    public void TryPut_ManyMixedSizes_StaysWithinCapacityAndTotalsMatchDisk()
    {
        const long capacity = 200_000;
        var random = new Random(5);
        using (var store = _directory.Open(capacityBytes: capacity))
        {
            for (int i = 0; i < 300; i++)
            {
                store.Segments.TryPut(TestAudio.Key(i), TestAudio.Audio(TestAudio.Voiced(random.Next(500, 20_000), seed: i)));
                if (i % 7 == 0)
                {
                    store.Segments.TryGet(TestAudio.Key(random.Next(0, i + 1)));
                }

                Assert.True(store.Segments.Stats.StoredBytes <= capacity);
            }

            var stats = store.Segments.Stats;
            Assert.True(stats.Evictions > 0);
            Assert.Equal(300, stats.Entries + stats.Evictions);
        }

        using var reopened = _directory.Open(capacityBytes: capacity);
        Assert.Equal(new ValidationReport(reopened.Segments.Stats.Entries, 0, 0), reopened.Segments.Validate(TestContext.Current.CancellationToken));
    }

    private static StoredAudio Entry(int index) => TestAudio.Audio(TestAudio.Noise(Samples, seed: index), text: "entry");

    private static void Fill(SegmentStore store, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            Assert.True(store.TryPut(TestAudio.Key(i), Entry(i)));
        }
    }

    private static void AssertPresent(SegmentStore store, int[] indexes)
    {
        foreach (int i in indexes)
        {
            Assert.True(store.Contains(TestAudio.Key(i)), $"entry {i} should be present");
        }
    }

    private static void AssertAbsent(SegmentStore store, int[] indexes)
    {
        foreach (int i in indexes)
        {
            Assert.False(store.Contains(TestAudio.Key(i)), $"entry {i} should be evicted");
        }
    }
}
