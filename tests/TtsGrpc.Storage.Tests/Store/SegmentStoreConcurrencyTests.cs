using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

public sealed class SegmentStoreConcurrencyTests : IDisposable
{
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TryPutAndTryGet_ManyThreads_AllEntriesReadable()
    {
        const int Threads = 6, PerThread = 60, Keys = 120;
        var audio = Enumerable.Range(0, Keys).Select(i => TestAudio.Audio(TestAudio.Voiced(1000 + (i * 37), seed: i), text: $"s{i}")).ToArray();
        StoreStats stats;
        using (var store = _directory.Open())
        {
            var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
            {
                for (int n = 0; n < PerThread; n++)
                {
                    int key = ((t * PerThread) + n) % Keys;
                    Assert.True(store.Segments.TryPut(TestAudio.Key(key), audio[key]));
                    var read = store.Segments.TryGet(TestAudio.Key((key + 7) % Keys));
                    if (read is not null)
                    {
                        TestAudio.AssertSame(audio[(key + 7) % Keys], read);
                    }

                    if (n % 10 == 0)
                    {
                        store.Segments.FlushAccesses();
                    }
                }
            }, TestContext.Current.CancellationToken));
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            for (int i = 0; i < Keys; i++)
            {
                TestAudio.AssertSame(audio[i], store.Segments.TryGet(TestAudio.Key(i)));
            }

            stats = store.Segments.Stats;
            Assert.Equal(Keys, stats.Entries);
            Assert.Equal(audio.Sum(a => a.Pcm.Length * 2L), stats.RawBytes);
            Assert.Equal(0, stats.WriteFailures);
        }

        using var reopened = _directory.Open();
        Assert.Equal(stats.StoredBytes, reopened.Segments.Stats.StoredBytes);
        Assert.Equal(stats.Entries, reopened.Segments.Stats.Entries);
    }

    [Fact]
    public async Task TryPut_ManyThreadsWithEviction_TotalsMatchDiskAfterReopen()
    {
        const long Capacity = 150_000;
        StoreStats stats;
        using (var store = _directory.Open(capacityBytes: Capacity))
        {
            var workers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
            {
                for (int n = 0; n < 80; n++)
                {
                    int key = (t * 1000) + n;
                    store.Segments.TryPut(TestAudio.Key(key), TestAudio.Audio(TestAudio.Voiced(2000 + (n * 50), seed: key)));
                    store.Segments.TryGet(TestAudio.Key(key - 3));
                }
            }, TestContext.Current.CancellationToken));
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            stats = store.Segments.Stats;
            Assert.True(stats.StoredBytes <= Capacity);
            Assert.Equal(320, stats.Entries + stats.Evictions);
        }

        using var reopened = _directory.Open(capacityBytes: Capacity);
        Assert.Equal(stats.Entries, reopened.Segments.Stats.Entries);
        Assert.Equal(stats.StoredBytes, reopened.Segments.Stats.StoredBytes);
        Assert.Equal(stats.RawBytes, reopened.Segments.Stats.RawBytes);
        Assert.Equal(new ValidationReport(stats.Entries, 0, 0), reopened.Segments.Validate(TestContext.Current.CancellationToken));
    }
}
