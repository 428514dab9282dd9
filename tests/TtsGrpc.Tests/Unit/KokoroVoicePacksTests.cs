using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TtsGrpc.Core;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Storage;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Tests.Unit;

public sealed class KokoroVoicePacksTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ttsgrpc-kokoro-" + Guid.NewGuid().ToString("N"));
    private readonly string _voices;
    private readonly string _storePath;
    private readonly List<LocalStore> _stores = [];

    public KokoroVoicePacksTests()
    {
        _voices = Path.Combine(_root, "voices");
        _storePath = Path.Combine(_root, "store");
        Directory.CreateDirectory(_voices);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Read_RawPack_ReturnsValuesInOrder()
    {
        var values = Pack(1);
        var file = WriteRaw("af_test", values);

        var packs = KokoroPackFiles.Read(file);

        var pack = Assert.Single(packs);
        Assert.Equal("af_test", pack.Name);
        Assert.Null(pack.Entry);
        Assert.Equal(values, pack.Values);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(522_236)]
    [InlineData(522_244)]
    public void Read_RawPackOfWrongSize_RefusedNamingFileAndSize(int length)
    {
        var file = Path.Combine(_voices, "bad.bin");
        File.WriteAllBytes(file, new byte[length]);

        var error = Assert.Throws<InvalidDataException>(() => KokoroPackFiles.Read(file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("522240", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RawPackWithNaN_Refused()
    {
        var values = Pack(1);
        values[300] = float.NaN;
        var file = WriteRaw("af_nan", values);

        var error = Assert.Throws<InvalidDataException>(() => KokoroPackFiles.Read(file));

        Assert.Contains("not finite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression, 1)]
    [InlineData(CompressionLevel.Optimal, 1)]
    [InlineData(CompressionLevel.Optimal, 2)]
    public void Read_NpzBundle_ReturnsEveryArray(CompressionLevel level, int npyVersion)
    {
        var a = Pack(1);
        var b = Pack(2);
        var file = WriteNpz("voices-v1.0.bin", level, ("af_a", Npy(a, npyVersion)), ("am_b", Npy(b, npyVersion)));

        var packs = KokoroPackFiles.Read(file);

        Assert.Equal(["af_a", "am_b"], packs.Select(pack => pack.Name));
        Assert.Equal(a, packs[0].Values);
        Assert.Equal(b, packs[1].Values);
    }

    [Theory]
    [InlineData("<f8", "False", "(510, 1, 256)", "'<f8'")]
    [InlineData(">f4", "False", "(510, 1, 256)", "'>f4'")]
    [InlineData("<f4", "True", "(510, 1, 256)", "Fortran")]
    [InlineData("<f4", "False", "(510, 256)", "(510, 256)")]
    [InlineData("<f4", "False", "(511, 1, 256)", "(511, 1, 256)")]
    public void Read_NpzArrayOfOtherTypeOrShape_RefusedClearly(string descr, string fortran, string shape, string named)
    {
        var npy = Npy(Pack(1), 1, $"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}");
        var file = WriteNpz("voices.bin", CompressionLevel.Optimal, ("af_a", npy));

        var error = Assert.Throws<InvalidDataException>(() => KokoroPackFiles.Read(file));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("af_a.npy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_DirectoryOfRawAndNpz_ServesEveryVoiceAndSkipsBadFiles()
    {
        WriteRaw("af_raw", Pack(1));
        WriteNpz("voices-v1.0.bin", CompressionLevel.Optimal, ("af_a", Npy(Pack(2))), ("am_b", Npy(Pack(3))));
        File.WriteAllBytes(Path.Combine(_voices, "broken.bin"), new byte[10]);
        using var store = OpenStore();
        var packs = Packs(store);

        Assert.Equal(3, packs.Import());

        Assert.Equal(["af_a", "af_raw", "am_b"], packs.Names);
        Assert.Equal(Pack(2), packs.Get("af_a"));
        Assert.Equal(3, store.Embeddings.Count);
        Assert.Equal(3, Packs(store).Import());
        Assert.Equal(3, store.Embeddings.Count);
    }

    [Fact]
    public void Import_SingleFilePath_ServesItsVoices()
    {
        var file = WriteNpz("voices-v1.0.bin", CompressionLevel.Optimal, ("af_a", Npy(Pack(2))));
        using var store = OpenStore();
        var packs = new KokoroVoicePacks(store.Embeddings, file, 1 << 24, NullLogger.Instance);

        Assert.Equal(1, packs.Import());
        Assert.Equal(Pack(2), packs.Get("af_a"));
    }

    [Fact]
    public void Row_ClampsIdCountToPackRows()
    {
        WriteRaw("af_raw", Pack(1));
        using var store = OpenStore();
        var packs = Packs(store);
        packs.Import();
        var pack = Pack(1);

        Assert.Equal(pack[(5 * 256)..(6 * 256)], packs.Row("af_raw", 5));
        Assert.Equal(pack[..256], packs.Row("af_raw", -3));
        Assert.Equal(pack[(509 * 256)..], packs.Row("af_raw", 510));
        Assert.Equal(pack[(509 * 256)..], packs.Row("af_raw", 100_000));
    }

    [Fact]
    public void Get_WeightedBlend_IsWeightedMeanElementWise()
    {
        var packs = TwoVoices(out var a, out var b);

        var blend = packs.Get("af_a(2)+am_b(1)");

        for (int i = 0; i < blend.Length; i++)
        {
            Assert.Equal(((2.0 * a[i]) + b[i]) / 3.0, blend[i], tolerance: 1e-6);
        }
    }

    [Fact]
    public void Get_Subtraction_NormalisesByMagnitudes()
    {
        var packs = TwoVoices(out var a, out var b);

        var difference = packs.Get("af_a(3)-am_b(1)");
        var unweighted = packs.Get("af_a - am_b");

        for (int i = 0; i < difference.Length; i++)
        {
            Assert.Equal(((3.0 * a[i]) - b[i]) / 4.0, difference[i], tolerance: 1e-6);
            Assert.Equal((a[i] - b[i]) / 2.0, unweighted[i], tolerance: 1e-6);
        }
    }

    [Fact]
    public void Get_Blend_StoredOnceAsDerivedPack()
    {
        var packs = TwoVoices(out _, out _, out var store);
        long before = store.Embeddings.Count;

        var first = packs.Get("af_a+am_b");
        var again = packs.Get("af_a(1) + am_b(1)");

        Assert.Same(first, again);
        Assert.Equal(before + 1, store.Embeddings.Count);
        var derivedHash = KokoroBlend.Parse("af_a+am_b").DerivedHash([EmbeddingStore.HashOf(Pack(1)), EmbeddingStore.HashOf(Pack(2))]);
        Assert.Equal(first, store.Embeddings.TryGet(derivedHash)?.Values);
    }

    [Fact]
    public void Get_NewBlendAskedConcurrently_ComputedOnceAndSharedByAll()
    {
        var packs = TwoVoices(out _, out _);
        const int callers = 8;
        using var start = new Barrier(callers);

        var results = Enumerable.Range(0, callers).AsParallel().WithDegreeOfParallelism(callers).Select(_ =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            return packs.Get("af_a(2)+am_b(1)");
        }).ToArray();

        Assert.All(results, pack => Assert.Same(results[0], pack));
        var stats = packs.Statistics;
        Assert.Equal(1, stats.BlendsComputed);
        Assert.Equal(3, stats.InMemory); // the two parts and the blend
    }

    [Fact]
    public void Statistics_CountWhereEachPackCameFrom()
    {
        var packs = TwoVoices(out _, out _);

        packs.Get("af_a"); // imported at start: read from the store
        packs.Get("af_a"); // then from memory
        packs.Get("af_a+am_b"); // am_b from the store, the blend computed
        packs.Pin(["am_b"]);

        var stats = packs.Statistics;
        Assert.Equal((2, 2L, 0L, 1L), (stats.Voices, stats.StoreLoads, stats.FileReads, stats.BlendsComputed));
        Assert.True(stats.Hits >= 2, $"{stats.Hits} hits"); // the repeated af_a, am_b when pinned
        Assert.Equal((3, 1), (stats.InMemory, stats.Pinned));
        Assert.Equal(3 * KokoroVoicePacks.PackBytes, stats.MemoryBytes);
        Assert.Equal(3, stats.Stored);
    }

    [Theory]
    [InlineData("af_a+", TtsErrorKind.InvalidArgument)]
    [InlineData("+af_a", TtsErrorKind.InvalidArgument)]
    [InlineData("af_a++am_b", TtsErrorKind.InvalidArgument)]
    [InlineData("af_a(0)+am_b", TtsErrorKind.InvalidArgument)]
    [InlineData("af_a(-1)+am_b", TtsErrorKind.InvalidArgument)]
    [InlineData("af_a(NaN)+am_b", TtsErrorKind.InvalidArgument)]
    [InlineData("af_a(Infinity)+am_b", TtsErrorKind.InvalidArgument)]
    [InlineData("af_a(x)+am_b", TtsErrorKind.InvalidArgument)]
    [InlineData("(2)+am_b", TtsErrorKind.InvalidArgument)]
    [InlineData("af_a+af_missing", TtsErrorKind.NotFound)]
    [InlineData("af_missing", TtsErrorKind.NotFound)]
    public void Get_BadVoiceOrBlend_Refused(string voice, TtsErrorKind kind)
    {
        var packs = TwoVoices(out _, out _);

        var error = Assert.Throws<TtsException>(() => packs.Get(voice));

        Assert.Equal(kind, error.Kind);
        Assert.False(packs.Contains(voice));
    }

    [Fact]
    public void Get_PackCorruptInStore_RemovedCountedAndReimportedFromFile()
    {
        var hash = EmbeddingStore.HashOf(Pack(1));
        WriteRaw("af_raw", Pack(1));
        using (var store = OpenStore())
        {
            Packs(store).Import();
        }

        using (var database = StoreDatabase.Open(_storePath, NullLogger.Instance))
        {
            var key = Encoding.ASCII.GetBytes(hash);
            var value = database.Db.Get(key, database.Embeddings!)!;
            value[^5] ^= 0x10;
            database.Db.Put(key, value, database.Embeddings!);
        }

        using var reopened = OpenStore();
        var packs = Packs(reopened);
        packs.Import();

        Assert.Equal(Pack(1), packs.Get("af_raw"));

        Assert.Equal(1, reopened.Embeddings.Corrupt);
        Assert.Equal(Pack(1), reopened.Embeddings.TryGet(hash)?.Values);
    }

    [Fact]
    public void Validate_CorruptStoredPack_RemovedThenReimportedOnNextRequest()
    {
        var hash = EmbeddingStore.HashOf(Pack(1));
        WriteRaw("af_raw", Pack(1));
        using (var store = OpenStore())
        {
            Packs(store).Import();
        }

        using (var database = StoreDatabase.Open(_storePath, NullLogger.Instance))
        {
            database.Db.Put(Encoding.ASCII.GetBytes(hash), new byte[] { 1, 2, 3 }, database.Embeddings!);
        }

        using var reopened = OpenStore();
        var packs = Packs(reopened);
        packs.Import();

        Assert.Equal(new ValidationReport(1, 1, 1), packs.Validate());
        Assert.False(reopened.Embeddings.Contains(hash));
        Assert.Equal(Pack(1), packs.Get("af_raw"));
        Assert.True(reopened.Embeddings.Contains(hash));
    }

    [Fact]
    public void Get_ManyPacks_LruStaysWithinItsBytes()
    {
        for (int i = 0; i < 5; i++)
        {
            WriteRaw($"af_{i}", Pack(i + 1));
        }

        using var store = OpenStore();
        var packs = new KokoroVoicePacks(store.Embeddings, _voices, 2 * KokoroVoicePacks.PackBytes, NullLogger.Instance);
        packs.Import();

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(Pack(i + 1), packs.Get($"af_{i}"));
            Assert.True(packs.CachedBytes <= 2 * KokoroVoicePacks.PackBytes);
        }

        Assert.Equal(2, packs.CachedCount);
        Assert.Equal(Pack(1), packs.Get("af_0"));
    }

    [Fact]
    public void Pin_PinnedPacksStayWhileOthersCycle()
    {
        for (int i = 0; i < 4; i++)
        {
            WriteRaw($"af_{i}", Pack(i + 1));
        }

        using var store = OpenStore();
        var packs = new KokoroVoicePacks(store.Embeddings, _voices, KokoroVoicePacks.PackBytes, NullLogger.Instance);
        packs.Import();
        packs.Pin(["af_0", "af_1+af_2"]);
        var pinned = packs.Get("af_0");
        var pinnedBlend = packs.Get("af_1+af_2");

        for (int i = 1; i < 4; i++)
        {
            packs.Get($"af_{i}");
        }

        packs.Clear(keepPinned: true);

        Assert.Equal(2, packs.PinnedCount);
        Assert.Same(pinned, packs.Get("af_0"));
        Assert.Same(pinnedBlend, packs.Get("af_1 + af_2"));
        Assert.True(packs.CachedBytes <= KokoroVoicePacks.PackBytes);
        Assert.True(packs.Unpin("af_0"));
        Assert.Equal(1, packs.PinnedCount);
    }

    private static float[] Pack(int seed)
    {
        var random = new Random(seed);
        var values = new float[KokoroPack.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static byte[] Npy(float[] values, int version = 1, string? header = null)
    {
        header ??= "{'descr': '<f4', 'fortran_order': False, 'shape': (510, 1, 256), }";
        int prefix = version == 1 ? 10 : 12;
        int padded = ((prefix + header.Length + 1 + 63) / 64 * 64) - prefix;
        var text = header.PadRight(padded - 1) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, .. "NUMPY"u8, (byte)version, 0]);
        if (version == 1)
        {
            stream.Write(BitConverter.GetBytes((ushort)text.Length));
        }
        else
        {
            stream.Write(BitConverter.GetBytes((uint)text.Length));
        }

        stream.Write(Encoding.Latin1.GetBytes(text));
        stream.Write(EmbeddingFrame.ToBytes(values));
        return stream.ToArray();
    }

    private string WriteRaw(string name, float[] values)
    {
        var file = Path.Combine(_voices, name + ".bin");
        File.WriteAllBytes(file, EmbeddingFrame.ToBytes(values));
        return file;
    }

    private string WriteNpz(string name, CompressionLevel level, params (string Name, byte[] Npy)[] arrays)
    {
        var file = Path.Combine(_voices, name);
        using (var archive = ZipFile.Open(file, ZipArchiveMode.Create))
        {
            foreach (var (entryName, npy) in arrays)
            {
                using var entry = archive.CreateEntry(entryName + ".npy", level).Open();
                entry.Write(npy);
            }
        }

        return file;
    }

    private LocalStore OpenStore() => LocalStore.Open(
        new StoreOptions { Directory = _storePath, CapacityBytes = 1L << 30, AccessFlushInterval = TimeSpan.Zero }, NullLogger.Instance);

    private KokoroVoicePacks Packs(LocalStore store) => new(store.Embeddings, _voices, 1 << 26, NullLogger.Instance);

    private KokoroVoicePacks TwoVoices(out float[] a, out float[] b) => TwoVoices(out a, out b, out _);

    private KokoroVoicePacks TwoVoices(out float[] a, out float[] b, out LocalStore store)
    {
        a = Pack(1);
        b = Pack(2);
        WriteRaw("af_a", a);
        WriteRaw("am_b", b);
        store = OpenStore();
        _stores.Add(store);
        var packs = Packs(store);
        packs.Import();
        return packs;
    }
}
