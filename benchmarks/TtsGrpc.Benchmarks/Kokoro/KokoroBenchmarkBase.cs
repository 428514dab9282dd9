using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Storage;

namespace TtsGrpc.Benchmarks.Kokoro;

/// <summary>
/// Set-up shared by the Kokoro suites: a unique temp folder with the random-weight model of
/// <see cref="KokoroModelScript"/> and its config.json (when <see cref="NeedsModel"/>), an npz bundle of voice packs,
/// and a store. A model run lasts a fraction of a second to a few seconds, so the iteration counts are capped for
/// the default job; <c>--warmupCount 3 --iterationCount 15</c> is what docs/benchmarks.md records.
/// </summary>
[MaxWarmupCount(8)]
[MaxIterationCount(20)]
public abstract class KokoroBenchmarkBase
{
    /// <summary>One voice per spoken language letter the engine has a phonemizer for (a, b), and both genders.</summary>
    protected static readonly string[] SpokenVoices = ["af_bella", "af_sky", "bf_emma", "am_adam"];

    private string _directory = "";
    private LocalStore? _store;

    protected string WorkDirectory => _directory;

    protected string ModelDirectory => Path.Combine(_directory, "model");

    protected string VoicesDirectory => Path.Combine(_directory, "voices");

    /// <summary>The model's path (empty unless <see cref="NeedsModel"/>); its config.json is beside it.</summary>
    protected string ModelPath { get; private set; } = "";

    protected string ConfigPath => Path.Combine(ModelDirectory, "config.json");

    /// <summary>The npz bundle in <see cref="VoicesDirectory"/>.</summary>
    protected string BundlePath { get; private set; } = "";

    /// <summary>The store under the temp folder, opened on first use.</summary>
    protected LocalStore Store => _store ??= LocalStore.Open(
        new StoreOptions { Directory = Path.Combine(_directory, "data") }, NullLogger<LocalStore>.Instance);

    protected virtual bool NeedsModel => true;

    /// <summary>The voices of the bundle, in index order.</summary>
    protected virtual IReadOnlyList<string> BundleVoices => SpokenVoices;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        // BenchmarkDotNet skips GlobalCleanup when set-up throws; without this a failed start would leave its temp directory.
        try
        {
            _directory = Path.Combine(Path.GetTempPath(), "ttsgrpc-bench-kokoro-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(ModelDirectory);
            Directory.CreateDirectory(VoicesDirectory);
            if (NeedsModel)
            {
                ModelPath = KokoroModelScript.WriteRandom(ModelDirectory, "kokoro-random");
            }

            BundlePath = WriteBundle(VoicesDirectory);
            await PrepareAsync();
        }
        catch
        {
            await GlobalCleanup();
            throw;
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        await CleanupAsync();
        _store?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Writes the npz bundle of <see cref="BundleVoices"/> into <paramref name="directory"/>; returns its path.</summary>
    protected virtual string WriteBundle(string directory) => KokoroModelScript.WriteBundle(directory, BundleVoices);

    /// <summary>Builds what the cases use; the model and the bundle are written.</summary>
    protected abstract Task PrepareAsync();

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    /// <summary>The packs of the bundle imported into <see cref="Store"/>, with the engine's default LRU size.</summary>
    protected KokoroVoicePacks ImportPacks()
    {
        var packs = new KokoroVoicePacks(Store.Embeddings, VoicesDirectory, new KokoroOptions().PackCacheBytes, NullLogger.Instance);
        var found = packs.Import();
        return found == BundleVoices.Count ? packs
            : throw new InvalidOperationException($"The packs import found {found} voices in {VoicesDirectory}; the bundle has {BundleVoices.Count}.");
    }

    /// <summary>A bare session on the model with the options the engine loads it with.</summary>
    protected InferenceSession OpenSession(int intraOpThreads)
    {
        using var options = OnnxSessions.CpuOptions(intraOpThreads);
        return new InferenceSession(ModelPath, options);
    }

    protected static double Seconds(long samples) => samples / (double)KokoroModel.SampleRate;
}
