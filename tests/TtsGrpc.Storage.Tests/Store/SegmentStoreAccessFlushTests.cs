using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

public sealed class SegmentStoreAccessFlushTests : IDisposable
{
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TryGet_Hit_RecordsAccessInMemoryOnly()
    {
        using var store = _directory.Open();
        store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(1000, seed: 1)));

        store.Segments.TryGet(TestAudio.Key(1));
        store.Segments.TryGet(TestAudio.Key(1));
        store.Segments.TryGet(TestAudio.Key(2));

        Assert.Equal(1, store.Segments.PendingAccessCount);
        store.Segments.FlushAccesses();
        Assert.Equal(0, store.Segments.PendingAccessCount);
    }

    [Fact]
    public async Task TryGet_WithFlushInterval_FlushesOnTimer()
    {
        var options = _directory.Options();
        options.AccessFlushInterval = TimeSpan.FromMilliseconds(50);
        using var store = LocalStore.Open(options, new TestLogger());
        store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(1000, seed: 1)));

        store.Segments.TryGet(TestAudio.Key(1));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (store.Segments.PendingAccessCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, store.Segments.PendingAccessCount);
    }
}
