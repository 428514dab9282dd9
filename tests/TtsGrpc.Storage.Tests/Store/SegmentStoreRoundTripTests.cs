using Microsoft.Extensions.Logging.Abstractions;
using RocksDbSharp;
using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

public sealed class SegmentStoreRoundTripTests : IDisposable
{
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TryGet_AfterTryPut_ReturnsIdenticalAudio()
    {
        var noise = TestAudio.Audio(TestAudio.Noise(5000, seed: 1), text: "noise");
        var speech = TestAudio.Audio(TestAudio.Speech, text: "Thank you for calling.");
        using var store = _directory.Open();

        Assert.True(store.Segments.TryPut(TestAudio.Key(1), noise));
        Assert.True(store.Segments.TryPut(TestAudio.Key(2), speech));

        TestAudio.AssertSame(noise, store.Segments.TryGet(TestAudio.Key(1)));
        TestAudio.AssertSame(speech, store.Segments.TryGet(TestAudio.Key(2)));
        Assert.Equal(2, store.Segments.Stats.Hits);
        Assert.Equal(2, store.Segments.Stats.Entries);
    }

    [Fact]
    public void TryGet_AfterReopen_ReturnsStoredAudioAndTotals()
    {
        var speech = TestAudio.Audio(TestAudio.Speech);
        StoreStats before;
        using (var store = _directory.Open())
        {
            Assert.True(store.Segments.TryPut(TestAudio.Key(1), speech));
            Assert.True(store.Segments.TryPut(TestAudio.Key(2), TestAudio.Audio(TestAudio.Voiced(8000, seed: 2))));
            before = store.Segments.Stats;
        }

        using var reopened = _directory.Open();

        TestAudio.AssertSame(speech, reopened.Segments.TryGet(TestAudio.Key(1)));
        Assert.Equal(before.Entries, reopened.Segments.Stats.Entries);
        Assert.Equal(before.StoredBytes, reopened.Segments.Stats.StoredBytes);
        Assert.Equal(before.RawBytes, reopened.Segments.Stats.RawBytes);
    }

    [Fact]
    public void TryGet_AfterTryPutAndReopen_ReturnsSameWords()
    {
        var pcm = TestAudio.Voiced(6000, seed: 5);
        StoredAudio[] entries =
        [
            TestAudio.Audio(pcm, text: "Thank you for calling.", words: TestAudio.Words("Thank you for calling.", pcm.Length)),
            TestAudio.Audio(new short[2000], text: " ", words: []),
            TestAudio.Audio(pcm, text: "untimed"),
        ];
        using (var store = _directory.Open())
        {
            for (int i = 0; i < entries.Length; i++)
            {
                Assert.True(store.Segments.TryPut(TestAudio.Key(i), entries[i]));
                TestAudio.AssertSame(entries[i], store.Segments.TryGet(TestAudio.Key(i)));
            }
        }

        using var reopened = _directory.Open();

        for (int i = 0; i < entries.Length; i++)
        {
            TestAudio.AssertSame(entries[i], reopened.Segments.TryGet(TestAudio.Key(i)));
        }

        Assert.Equal(4, reopened.Segments.TryGet(TestAudio.Key(0))!.Words!.Count);
        Assert.Empty(reopened.Segments.TryGet(TestAudio.Key(1))!.Words!);
        Assert.Null(reopened.Segments.TryGet(TestAudio.Key(2))!.Words);
    }

    [Fact]
    public void TryPut_InvalidWords_StoresNothingAndCountsFailure()
    {
        using var store = _directory.Open();
        var audio = TestAudio.Audio(TestAudio.Voiced(1000, seed: 6), words: [new StoredWord(0, 5, 0, 1001)]);

        Assert.False(store.Segments.TryPut(TestAudio.Key(1), audio));

        Assert.False(store.Segments.Contains(TestAudio.Key(1)));
        Assert.Equal(1, store.Segments.Stats.WriteFailures);
    }

    [Fact]
    public void TryGet_VersionOneEntries_ServesThemUntimed()
    {
        // What the build before word timings left: an indexed entry, and one the index lost.
        var indexed = TestAudio.Audio(TestAudio.Speech, text: "Thank you for calling.");
        var unindexed = TestAudio.Audio(TestAudio.Voiced(5000, seed: 7), text: "Please hold.");
        using (var store = _directory.Open())
        {
            Assert.True(store.Segments.TryPut(TestAudio.Key(1), indexed));
        }

        using (var database = StoreDatabase.Open(_directory.Path, NullLogger.Instance))
        {
            database.Db.Put(TestAudio.Key(1), TestFrames.EncodeVersion1(indexed), database.Audio);
            database.Db.Put(TestAudio.Key(2), TestFrames.EncodeVersion1(unindexed), database.Audio);
        }

        using var reopened = _directory.Open();

        Assert.Equal(new ValidationReport(Scanned: 2, Corrupt: 0, Removed: 0), reopened.Segments.Validate(TestContext.Current.CancellationToken));
        TestAudio.AssertSame(indexed, reopened.Segments.TryGet(TestAudio.Key(1)));
        TestAudio.AssertSame(unindexed, reopened.Segments.TryGet(TestAudio.Key(2)));
        Assert.Equal(0, reopened.Segments.Stats.Corrupt);
        Assert.Equal(2, reopened.Segments.Stats.Entries);
    }

    [Fact]
    public void TryGet_UnknownKey_ReturnsNullAndCountsMiss()
    {
        using var store = _directory.Open();

        Assert.Null(store.Segments.TryGet(TestAudio.Key(99)));
        Assert.False(store.Segments.Contains(TestAudio.Key(99)));
        Assert.Equal(1, store.Segments.Stats.Misses);
    }

    [Fact]
    public void TryPut_SameKeyTwice_KeepsLatestAndOneEntry()
    {
        var second = TestAudio.Audio(TestAudio.Voiced(3000, seed: 4), text: "second");
        using var store = _directory.Open();

        store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(9000, seed: 3), text: "first"));
        store.Segments.TryPut(TestAudio.Key(1), second);

        TestAudio.AssertSame(second, store.Segments.TryGet(TestAudio.Key(1)));
        Assert.Equal(1, store.Segments.Stats.Entries);
        Assert.Equal(second.Pcm.Length * 2, store.Segments.Stats.RawBytes);
    }

    [Fact]
    public void Remove_ExistingKey_RemovesEntryAndTotals()
    {
        using var store = _directory.Open();
        store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Speech));

        Assert.True(store.Segments.Remove(TestAudio.Key(1)));
        Assert.False(store.Segments.Remove(TestAudio.Key(1)));

        Assert.Null(store.Segments.TryGet(TestAudio.Key(1)));
        Assert.Equal(new StoreStats(0, 1, 0, 0, 0, 0, 0, 0), store.Segments.Stats);
    }

    [Fact]
    public void Clear_WithEntries_RemovesAllAndReturnsCount()
    {
        using var store = _directory.Open();
        for (int i = 0; i < 5; i++)
        {
            store.Segments.TryPut(TestAudio.Key(i), TestAudio.Audio(TestAudio.Voiced(2000, seed: i)));
        }

        Assert.Equal(5, store.Segments.Clear());

        Assert.False(store.Segments.Contains(TestAudio.Key(0)));
        Assert.Equal(0, store.Segments.Stats.Entries);
        Assert.Equal(0, store.Segments.Stats.StoredBytes);
        Assert.True(store.Segments.TryPut(TestAudio.Key(0), TestAudio.Audio(TestAudio.Voiced(2000, seed: 0))));
    }

    [Fact]
    public void Stats_Speech_ReportsCompression()
    {
        using var store = _directory.Open();

        store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Speech));

        var stats = store.Segments.Stats;
        TestContext.Current.TestOutputHelper?.WriteLine($"{stats} ratio {stats.CompressionRatio:F3}");
        Assert.True(stats.CompressionRatio > 1.4, stats.CompressionRatio.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Open_NewDirectory_CreatesColumnFamiliesAndBlobFiles()
    {
        using (var store = _directory.Open())
        {
            store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Speech));
            store.FlushMemtables();
            Assert.True(store.Segments.BlobFilesEnabled);
        }

        var families = RocksDb.ListColumnFamilies(new DbOptions(), _directory.Path);
        Assert.Equal(["access", "audio", "default", "embeddings", "meta", "voices"], families.Order().ToArray());
        Assert.NotEmpty(Directory.GetFiles(_directory.Path, "*.blob"));
    }
}
