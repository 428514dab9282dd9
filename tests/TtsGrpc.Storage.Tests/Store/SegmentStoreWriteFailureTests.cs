using System.Buffers.Binary;
using Microsoft.Extensions.Logging.Abstractions;
using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

public sealed class SegmentStoreWriteFailureTests : IDisposable
{
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TryPut_EmptyPcm_ReturnsFalseAndStoresNothing()
    {
        using var store = _directory.Open();

        Assert.False(store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio([])));

        Assert.False(store.Segments.Contains(TestAudio.Key(1)));
        Assert.Equal(0, store.Segments.Stats.Entries);
        Assert.Equal(0, store.Segments.Stats.WriteFailures);
    }

    [Fact]
    public void TryPut_AfterDispose_ReturnsFalseAndCountsWriteFailure()
    {
        var logger = new TestLogger();
        var store = _directory.Open(logger);
        store.Dispose();

        bool stored = store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(1000, seed: 1)));

        Assert.False(stored);
        Assert.Equal(1, store.Segments.Stats.WriteFailures);
        Assert.Contains(logger.Lines, line => line.Contains("after it was disposed", StringComparison.Ordinal));
    }

    [Fact]
    public void Calls_AfterDispose_MissWithoutThrowing()
    {
        var store = _directory.Open();
        store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(1000, seed: 1)));
        store.Dispose();
        store.Dispose();

        Assert.Null(store.Segments.TryGet(TestAudio.Key(1)));
        Assert.False(store.Segments.Contains(TestAudio.Key(1)));
        Assert.False(store.Segments.Remove(TestAudio.Key(1)));
        store.Segments.FlushAccesses();
        Assert.Throws<ObjectDisposedException>(() => store.Segments.Clear());
        Assert.Throws<ObjectDisposedException>(() => store.Segments.Validate(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void TryPut_LargerThanCapacity_ReturnsFalse()
    {
        using var store = _directory.Open(capacityBytes: 1000);

        Assert.False(store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Noise(1000, seed: 2))));

        Assert.Equal(0, store.Segments.Stats.Entries);
    }

    [Fact]
    public void TryPut_InvalidSampleRate_ReturnsFalseAndCountsWriteFailure()
    {
        using var store = _directory.Open();

        Assert.False(store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio([1, 2, 3], sampleRate: 0)));

        Assert.Equal(1, store.Segments.Stats.WriteFailures);
    }

    [Fact]
    public void Open_OtherSchemaVersion_Throws()
    {
        _directory.Open().Dispose();
        using (var database = StoreDatabase.Open(_directory.Path, NullLogger.Instance))
        {
            var version = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(version, StoreSchema.Version + 1);
            database.Db.Put("schema-version"u8.ToArray(), version, database.Meta);
        }

        var error = Assert.Throws<InvalidDataException>(() => _directory.Open());

        Assert.Contains("schema version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DirectoryInUse_Throws()
    {
        using var store = _directory.Open();

        Assert.ThrowsAny<Exception>(() => _directory.Open());
    }
}
