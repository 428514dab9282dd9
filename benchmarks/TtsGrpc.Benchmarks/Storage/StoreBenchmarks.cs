using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Logging.Abstractions;
using TtsGrpc.Storage;

namespace TtsGrpc.Benchmarks.Storage;

/// <summary>
/// The disk tier at 100 000 stored entries: reads of random existing keys and writes of new ones,
/// each a 0.25 s slice of real espeak-ng speech (about 11 KB raw), on a real RocksDB in a temp folder,
/// against the same entries (same keys, same slices, same random key sequence) in a two-files-per-entry
/// folder cache (<see cref="FileEntryCache"/>), the baseline of each group. Per-operation times;
/// throughput = 1 / time. Each case fills only the cache it measures.
/// </summary>
[BenchmarkCategory("store")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MemoryDiagnoser]
[MedianColumn]
public class StoreBenchmarks
{
    private const int Entries = 100_000;
    private const int SliceSamples = 22050 / 4;
    private const int Batch = 256;
    private readonly Random _random = new(42);
    private string _directory = "";
    private LocalStore? _store;
    private FileEntryCache? _files;
    private short[] _speech = [];
    private int _nextKey = Entries;

    [GlobalSetup(Targets = [nameof(Get), nameof(Put)])]
    public void SetUpStore()
    {
        _speech = EspeakSpeech.Load().Pcm;
        _directory = TempDirectory();
        _store = LocalStore.Open(
            new StoreOptions { Directory = _directory, CapacityBytes = 8L << 30 }, NullLogger<LocalStore>.Instance);
        for (var i = 0; i < Entries; i++)
        {
            _store.Segments.TryPut(Key(i), Audio(i));
        }

        Console.WriteLine($"// {_store.Segments.Stats.Entries} entries, {_store.Segments.Stats.StoredBytes / 1e6:F0} MB stored, ratio {_store.Segments.Stats.CompressionRatio:F2}x");
    }

    [GlobalSetup(Targets = [nameof(FileCacheGet), nameof(FileCachePut)])]
    public void SetUpFiles()
    {
        _speech = EspeakSpeech.Load().Pcm;
        _directory = TempDirectory();
        _files = new FileEntryCache(_directory);
        for (var i = 0; i < Entries; i++)
        {
            _files.TryPut(Key(i), Audio(i));
        }

        var bytes = new DirectoryInfo(_directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
        Console.WriteLine($"// {Entries} entries in {2 * Entries} files, {bytes / 1e6:F0} MB");
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _store?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory("get")]
    public int FileCacheGet()
    {
        var found = 0;
        for (var i = 0; i < Batch; i++)
        {
            found += _files!.TryGet(Key(_random.Next(Entries))) is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("get")]
    public int Get()
    {
        var found = 0;
        for (var i = 0; i < Batch; i++)
        {
            found += _store!.Segments.TryGet(Key(_random.Next(Entries))) is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory("put")]
    public int FileCachePut()
    {
        var stored = 0;
        for (var i = 0; i < Batch; i++)
        {
            stored += _files!.TryPut(Key(_nextKey), Audio(_nextKey)) ? 1 : 0;
            _nextKey++;
        }

        return stored;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("put")]
    public int Put()
    {
        var stored = 0;
        for (var i = 0; i < Batch; i++)
        {
            stored += _store!.Segments.TryPut(Key(_nextKey), Audio(_nextKey)) ? 1 : 0;
            _nextKey++;
        }

        return stored;
    }

    private static string TempDirectory() =>
        Path.Combine(Path.GetTempPath(), "ttsgrpc-bench-store-" + Guid.NewGuid().ToString("N"));

    private static byte[] Key(int index)
    {
        var key = new byte[32];
        BitConverter.TryWriteBytes(key, index);
        BitConverter.TryWriteBytes(key.AsSpan(8), index * 2654435761L);
        return key;
    }

    private StoredAudio Audio(int index)
    {
        var start = index * 997 % (_speech.Length - SliceSamples);
        return new StoredAudio(_speech[start..(start + SliceSamples)], 22050, "espeak-ng", "benchmark", DateTimeOffset.UnixEpoch);
    }
}
