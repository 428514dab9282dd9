using Microsoft.Extensions.Logging.Abstractions;
using RocksDbSharp;
using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

public sealed class EmbeddingStoreTests : IDisposable
{
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public enum Damage
    {
        FlipBodyByte,
        FlipHeaderByte,
        Truncate,
        Garbage,
        Empty,
        OtherEmbedding,
    }

    [Fact]
    public void TryGet_AfterPutAndReopen_ReturnsIdenticalValues()
    {
        var values = Values(130_560, seed: 1);
        string hash = EmbeddingStore.HashOf(values);
        using (var store = _directory.Open())
        {
            Assert.True(store.Embeddings.TryPut(hash, "af_bella", values));
            Assert.Equal(1, store.Embeddings.Count);
        }

        using var reopened = _directory.Open();
        var read = reopened.Embeddings.TryGet(hash);

        Assert.NotNull(read);
        Assert.Equal(hash, read.Hash);
        Assert.Equal("af_bella", read.Name);
        Assert.Equal(values, read.Values);
        Assert.Equal(1, reopened.Embeddings.Count);
        Assert.True(reopened.Embeddings.Contains(hash));
        Assert.Equal(0, reopened.Segments.Stats.Entries);
    }

    [Fact]
    public void HashOf_IsSha256OfLittleEndianBytes()
    {
        float[] values = [1f, -2.5f];
        byte[] bytes = [.. BitConverter.GetBytes(1f), .. BitConverter.GetBytes(-2.5f)];

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), EmbeddingStore.HashOf(values));
    }

    [Fact]
    public void TryPut_SameHashTwice_CountsOnce()
    {
        using var store = _directory.Open();
        var values = Values(256, seed: 2);
        string hash = EmbeddingStore.HashOf(values);

        Assert.True(store.Embeddings.TryPut(hash, "a", values));
        Assert.True(store.Embeddings.TryPut(hash, "a", values));

        Assert.Equal(1, store.Embeddings.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public void TryPut_InvalidHash_RefusedAndCounted(string hash)
    {
        using var store = _directory.Open();

        Assert.False(store.Embeddings.TryPut(hash, "a", Values(4, seed: 1)));

        Assert.Equal(0, store.Embeddings.Count);
        Assert.Equal(1, store.Segments.Stats.WriteFailures);
        Assert.Null(store.Embeddings.TryGet(hash));
    }

    [Fact]
    public void TryPut_NoValues_Refused()
    {
        using var store = _directory.Open();

        Assert.False(store.Embeddings.TryPut(new string('0', 64), "a", ReadOnlySpan<float>.Empty));
    }

    [Theory]
    [InlineData(Damage.FlipBodyByte)]
    [InlineData(Damage.FlipHeaderByte)]
    [InlineData(Damage.Truncate)]
    [InlineData(Damage.Garbage)]
    [InlineData(Damage.Empty)]
    [InlineData(Damage.OtherEmbedding)]
    public void TryGet_DamagedValue_ReturnsNullRemovesAndCounts(Damage damage)
    {
        var first = Values(2048, seed: 1);
        var second = Values(2048, seed: 2);
        string firstHash = EmbeddingStore.HashOf(first);
        string secondHash = EmbeddingStore.HashOf(second);
        var logger = new TestLogger();
        using (var store = _directory.Open(logger))
        {
            store.Embeddings.TryPut(firstHash, "first", first);
            store.Embeddings.TryPut(secondHash, "second", second);
        }

        DamageValue(firstHash, secondHash, damage);
        using var reopened = _directory.Open(logger);

        Assert.Null(reopened.Embeddings.TryGet(firstHash));

        Assert.False(reopened.Embeddings.Contains(firstHash));
        Assert.Null(reopened.Embeddings.TryGet(firstHash));
        Assert.Equal(second, reopened.Embeddings.TryGet(secondHash)?.Values);
        Assert.Equal(1, reopened.Embeddings.Corrupt);
        Assert.Equal(1, reopened.Embeddings.Count);
        Assert.Contains(logger.Lines, line => line.Contains("Corrupt embedding", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MixedValues_ReportsScannedCorruptRemoved()
    {
        var hashes = new List<string>();
        using (var store = _directory.Open())
        {
            for (int i = 0; i < 5; i++)
            {
                var values = Values(1000 + i, seed: i);
                hashes.Add(EmbeddingStore.HashOf(values));
                store.Embeddings.TryPut(hashes[i], $"pack{i}", values);
            }
        }

        DamageValue(hashes[1], hashes[0], Damage.FlipBodyByte);
        DamageValue(hashes[3], hashes[0], Damage.Truncate);
        using var reopened = _directory.Open();

        var report = reopened.Embeddings.Validate();

        Assert.Equal(new ValidationReport(Scanned: 5, Corrupt: 2, Removed: 2), report);
        Assert.Equal(3, reopened.Embeddings.Count);
        Assert.Equal(2, reopened.Embeddings.Corrupt);
        Assert.Equal(new ValidationReport(3, 0, 0), reopened.Embeddings.Validate());
    }

    [Fact]
    public void Remove_StoredValue_GoneAndUncounted()
    {
        using var store = _directory.Open();
        var values = Values(64, seed: 3);
        string hash = EmbeddingStore.HashOf(values);
        store.Embeddings.TryPut(hash, "a", values);

        Assert.True(store.Embeddings.Remove(hash));

        Assert.False(store.Embeddings.Remove(hash));
        Assert.Null(store.Embeddings.TryGet(hash));
        Assert.Equal(0, store.Embeddings.Count);
    }

    [Fact]
    public void Open_StoreWithoutEmbeddingsFamily_CreatesItAndKeepsVoices()
    {
        WriteStoreWithoutEmbeddings();

        var values = Values(512, seed: 4);
        string hash = EmbeddingStore.HashOf(values);
        using (var store = _directory.Open())
        {
            Assert.Equal(StoreMode.ReadWrite, store.OpenReport.Mode);
            Assert.Equal(StoreRecovery.None, store.OpenReport.Recovery);
            Assert.Equal(1, store.Voices.Count);
            Assert.NotNull(store.Voices.TryGet("voice_a"));
            Assert.Equal(0, store.Embeddings.Count);
            Assert.True(store.Embeddings.TryPut(hash, "a", values));
        }

        using var reopened = _directory.Open();
        Assert.Equal(values, reopened.Embeddings.TryGet(hash)?.Values);
    }

    [Fact]
    public void OpenReadOnly_StoreWithoutEmbeddingsFamily_OpensWithNone()
    {
        WriteStoreWithoutEmbeddings();

        using var database = StoreDatabase.OpenReadOnly(_directory.Path);

        Assert.Null(database.Embeddings);
        Assert.NotNull(database.Db.Get("voice_a"u8.ToArray(), database.Voices));
    }

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>A store as the builds before embeddings left it: the four original families and one voice.</summary>
    private void WriteStoreWithoutEmbeddings()
    {
        using (var store = _directory.Open())
        {
            Assert.True(store.Voices.TryPut(TestVoices.Voice("voice_a")));
        }

        var options = new DbOptions();
        using (var db = RocksDb.Open(options, _directory.Path, new ColumnFamilies
        {
            { StoreSchema.AudioFamily, new ColumnFamilyOptions() },
            { StoreSchema.AccessFamily, new ColumnFamilyOptions() },
            { StoreSchema.MetaFamily, new ColumnFamilyOptions() },
            { StoreSchema.VoicesFamily, new ColumnFamilyOptions() },
            { StoreSchema.EmbeddingsFamily, new ColumnFamilyOptions() },
        }))
        {
            db.DropColumnFamily(StoreSchema.EmbeddingsFamily);
        }
    }

    private void DamageValue(string hash, string otherHash, Damage damage)
    {
        using var database = StoreDatabase.Open(_directory.Path, NullLogger.Instance);
        var family = database.Embeddings!;
        byte[] key = EmbeddingFrame.Key(hash);
        byte[] value = database.Db.Get(key, family) ?? throw new InvalidOperationException("No value to damage.");
        byte[] damaged = damage switch
        {
            Damage.FlipBodyByte => Flip(value, value.Length - 7),
            Damage.FlipHeaderByte => Flip(value, 2),
            Damage.Truncate => value[..(value.Length / 2)],
            Damage.Garbage => Garbage(value.Length),
            Damage.Empty => [],
            Damage.OtherEmbedding => database.Db.Get(EmbeddingFrame.Key(otherHash), family)!,
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
        database.Db.Put(key, damaged, family);
    }

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
