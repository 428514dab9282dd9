using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Storage;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Benchmarks.Kokoro;

/// <summary>
/// Voice packs of random values (<see cref="RandomPacks"/>). "load": one pack (522,240 bytes) from an npz bundle of
/// 54 packs, as large as kokoro-onnx's voices-v1.0.bin (the baseline; the engine reads it there only when the store
/// lacks the pack); from a raw .bin; from the store (EmbeddingStore.TryGet: a RocksDB get, the frame's xxHash64
/// check, its LZ4 decode when it was stored compressed, the floats copied out); through KokoroVoicePacks.Get with
/// its LRU emptied first (what a request for a pack not in memory pays); and the row the engine takes per run once
/// the pack is in memory. "blend": KokoroBlend.Mix of 2 and 4 packs (the baseline is 2), and KokoroVoicePacks.Get
/// of a recipe it has not seen (parse, hashes, the mix of two packs in the LRU, the store write with its frame's
/// LZ4 HC attempt, the LRU); that row also removes the stored blend again, so the store does not grow by a pack an
/// operation. The set-up prints the size of one stored frame and what it took to encode.
/// </summary>
[BenchmarkCategory("kokoro")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MemoryDiagnoser]
[MedianColumn]
public class KokoroPackBenchmarks : KokoroBenchmarkBase
{
    private const string Voice = "af_bella";
    private const int RowIds = 100;

    private KokoroVoicePacks _packs = null!;
    private EmbeddingStore _store = null!;
    private string _raw = "";
    private string _hash = "";
    private KokoroBlend _blend2 = null!;
    private KokoroBlend _blend4 = null!;
    private float[][] _parts2 = null!;
    private float[][] _parts4 = null!;
    private int _recipe;

    protected override bool NeedsModel => false;

    /// <summary>The four voices the other suites speak with, then 50 more: as many as voices-v1.0.bin holds.</summary>
    protected override IReadOnlyList<string> BundleVoices =>
        [.. SpokenVoices, .. Enumerable.Range(SpokenVoices.Length + 1, 54 - SpokenVoices.Length).Select(i => string.Create(CultureInfo.InvariantCulture, $"af_pack{i:D2}"))];

    /// <summary>Random packs (<see cref="RandomPacks"/>), not the script's: the store's cost depends on whether a pack compresses.</summary>
    protected override string WriteBundle(string directory)
    {
        var path = Path.Combine(directory, KokoroModelScript.Bundle);
        RandomPacks.WriteBundle(path, BundleVoices.Select((name, i) => (name, RandomPacks.Values(i + 1))));
        return path;
    }

    protected override Task PrepareAsync()
    {
        var rawDirectory = Path.Combine(WorkDirectory, "raw");
        Directory.CreateDirectory(rawDirectory);
        _raw = Path.Combine(rawDirectory, Voice + ".bin");
        RandomPacks.WriteRaw(_raw, RandomPacks.Values(BundleVoices.ToList().IndexOf(Voice) + 1));
        _packs = ImportPacks();

        // As after a restart: the packs in an SST file, not in the memtable the import wrote them to.
        Store.FlushMemtables();
        _store = Store.Embeddings;
        _hash = _packs.HashOf(Voice);
        var fromBundle = KokoroPackFiles.ReadOne(BundlePath, Voice + ".npy");
        if (!fromBundle.AsSpan().SequenceEqual(KokoroPackFiles.ReadOne(_raw, null)) || !fromBundle.AsSpan().SequenceEqual(_store.TryGet(_hash)?.Values))
        {
            throw new InvalidOperationException($"The bundle, the raw file and the store do not hold the same pack for {Voice}.");
        }

        _blend2 = KokoroBlend.Parse("af_bella(2)+af_sky(1)");
        _blend4 = KokoroBlend.Parse("af_bella(2)+af_sky(1)+bf_emma(1)-am_adam(0.5)");
        _parts4 = [.. SpokenVoices.Select(_packs.Get)];
        _parts2 = _parts4[..2];
        var clock = Stopwatch.StartNew();
        var frame = EmbeddingFrame.Encode(_hash, Voice, fromBundle);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// bundle {new FileInfo(BundlePath).Length:N0} bytes, {BundleVoices.Count} packs; raw pack {new FileInfo(_raw).Length:N0} bytes; {_store.Count} packs stored; " +
            $"one stored frame {frame.Length:N0} bytes, encoded in {clock.Elapsed.TotalMilliseconds:F1} ms"));
        return Task.CompletedTask;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("load")]
    public int NpzBundle_ReadOne() => KokoroPackFiles.ReadOne(BundlePath, Voice + ".npy").Length;

    [Benchmark]
    [BenchmarkCategory("load")]
    public int RawFile_ReadOne() => KokoroPackFiles.ReadOne(_raw, null).Length;

    [Benchmark]
    [BenchmarkCategory("load")]
    public int Store_TryGet() => _store.TryGet(_hash)!.Values.Length;

    [Benchmark]
    [BenchmarkCategory("load")]
    public int VoicePacks_Get_ColdLru()
    {
        _packs.Clear(keepPinned: false);
        return _packs.Get(Voice).Length;
    }

    [Benchmark]
    [BenchmarkCategory("load")]
    public int VoicePacks_Row_Cached() => _packs.Row(Voice, RowIds).Length;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("blend")]
    public int Blend_Mix2() => _blend2.Mix(_parts2).Length;

    [Benchmark]
    [BenchmarkCategory("blend")]
    public int Blend_Mix4() => _blend4.Mix(_parts4).Length;

    [Benchmark]
    [BenchmarkCategory("blend")]
    public int VoicePacks_Get_NewBlend2()
    {
        var recipe = string.Create(CultureInfo.InvariantCulture, $"af_bella({++_recipe})+af_sky(1)");
        var length = _packs.Get(recipe).Length;
        _store.Remove(_packs.HashOf(recipe));
        return length;
    }
}
