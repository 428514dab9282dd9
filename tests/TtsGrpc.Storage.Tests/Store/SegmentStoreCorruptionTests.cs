using Microsoft.Extensions.Logging.Abstractions;
using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

public sealed class SegmentStoreCorruptionTests : IDisposable
{
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public enum Damage
    {
        FlipPayloadByte,
        FlipHeaderByte,
        FlipWordByte,
        Truncate,
        Garbage,
        Empty,
    }

    [Theory]
    [InlineData(Damage.FlipPayloadByte)]
    [InlineData(Damage.FlipHeaderByte)]
    [InlineData(Damage.FlipWordByte)]
    [InlineData(Damage.Truncate)]
    [InlineData(Damage.Garbage)]
    [InlineData(Damage.Empty)]
    public void TryGet_DamagedValue_ReturnsNullRemovesAndCounts(Damage damage)
    {
        var logger = new TestLogger();
        using (var store = _directory.Open(logger))
        {
            store.Segments.TryPut(TestAudio.Key(1), Timed(TestAudio.Speech));
            store.Segments.TryPut(TestAudio.Key(2), Timed(TestAudio.Voiced(4000, seed: 1)));
        }

        DamageValue(TestAudio.Key(1), damage);
        using var reopened = _directory.Open(logger);

        Assert.Null(reopened.Segments.TryGet(TestAudio.Key(1)));

        Assert.False(reopened.Segments.Contains(TestAudio.Key(1)));
        Assert.Null(reopened.Segments.TryGet(TestAudio.Key(1)));
        Assert.NotNull(reopened.Segments.TryGet(TestAudio.Key(2)));
        var stats = reopened.Segments.Stats;
        Assert.Equal(1, stats.Corrupt);
        Assert.Equal(1, stats.Entries);
        Assert.Equal(2, stats.Misses);
        Assert.Contains(logger.Lines, line => line.Contains("Corrupt audio entry", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MixedEntries_ReportsScannedCorruptRemoved()
    {
        using (var store = _directory.Open())
        {
            for (int i = 0; i < 7; i++)
            {
                store.Segments.TryPut(TestAudio.Key(i), Timed(TestAudio.Voiced(3000 + i, seed: i)));
            }
        }

        DamageValue(TestAudio.Key(1), Damage.FlipPayloadByte);
        DamageValue(TestAudio.Key(3), Damage.Truncate);
        DamageValue(TestAudio.Key(4), Damage.Garbage);
        DamageValue(TestAudio.Key(6), Damage.FlipWordByte);
        using var reopened = _directory.Open();

        var report = reopened.Segments.Validate(TestContext.Current.CancellationToken);

        Assert.Equal(new ValidationReport(Scanned: 7, Corrupt: 4, Removed: 4), report);
        Assert.Equal(3, reopened.Segments.Stats.Entries);
        Assert.Equal(4, reopened.Segments.Stats.Corrupt);
        Assert.Equal(new ValidationReport(3, 0, 0), reopened.Segments.Validate(TestContext.Current.CancellationToken));
        foreach (int i in new[] { 0, 2, 5 })
        {
            Assert.NotNull(reopened.Segments.TryGet(TestAudio.Key(i)));
        }
    }

    private void DamageValue(byte[] key, Damage damage)
    {
        using var database = StoreDatabase.Open(_directory.Path, NullLogger.Instance);
        byte[] value = database.Db.Get(key, database.Audio) ?? throw new InvalidOperationException("No value to damage.");
        byte[] damaged = damage switch
        {
            Damage.FlipPayloadByte => Flip(value, value.Length - 7),
            Damage.FlipHeaderByte => Flip(value, 12),
            Damage.FlipWordByte => Flip(value, TestFrames.WordFieldOffset(value, 0, 3)),
            Damage.Truncate => value[..(value.Length / 2)],
            Damage.Garbage => Garbage(value.Length),
            Damage.Empty => [],
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
        database.Db.Put(key, damaged, database.Audio);
    }

    private static StoredAudio Timed(short[] pcm) => TestAudio.Audio(pcm, words: TestAudio.Words("hello world", pcm.Length));

    private static byte[] Flip(byte[] value, int index)
    {
        byte[] copy = (byte[])value.Clone();
        copy[index] ^= 0x04;
        return copy;
    }

    private static byte[] Garbage(int length)
    {
        var garbage = new byte[length];
        new Random(length).NextBytes(garbage);
        return garbage;
    }
}
