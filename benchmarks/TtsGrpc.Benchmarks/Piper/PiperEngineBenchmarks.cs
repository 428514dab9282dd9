using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Piper;

namespace TtsGrpc.Benchmarks.Piper;

/// <summary>
/// One typical sentence through PiperEngine.SynthesizeAsync (ids from its phonemizer, the run queue, the model
/// run on the thread pool, Piper's peak normalisation to PCM16) against the same ids through a bare ONNX Runtime
/// session opened with the same options: what the engine adds to the model (target at most 1.10x). The set-up
/// prints the audio length, so the real-time factor of each row is its median over that. Both decoder layouts:
/// a real medium voice's three upsampling stages, and four stages that split the last one.
/// </summary>
[BenchmarkCategory("piper")]
[MemoryDiagnoser]
[MedianColumn]
public class PiperEngineBenchmarks : PiperBenchmarkBase
{
    /// <summary>About 15 words, as a sentence of ordinary prose.</summary>
    public const string Sentence = "Your parcel left the warehouse this morning, and the driver expects to reach your street before noon.";

    private readonly string[] _texts = [Sentence];
    private PiperEngine _engine = null!;
    private EngineVoice _voice = null!;
    private InferenceSession _session = null!;
    private long[][] _ids = null!;

    [Params("8,8,4", "8,8,2,2")]
    public string Decoder { get; set; } = "8,8,4";

    protected override string Upsampling => Decoder;

    protected override async Task PrepareAsync()
    {
        var options = new PiperOptions();
        var phonemizer = new PiperPhonemizer();
        var library = new PiperVoiceLibrary(VoicesDirectory, NullLogger<PiperVoiceLibrary>.Instance);
        _engine = new PiperEngine(library, phonemizer, Options.Create(options), NullLogger<PiperEngine>.Instance, useCuda: false);
        _voice = _engine.Find(Stem) ?? throw new InvalidOperationException($"The engine does not list {Stem} in {VoicesDirectory}.");
        _session = OpenSession(options.IntraOpThreads);
        _ids = [await IdsAsync(phonemizer, Sentence)];

        // The first run of each loads its session and lets ONNX Runtime plan its memory for this length.
        var engine = (await _engine.SynthesizeAsync(_texts, _voice, Prosody.Default, CancellationToken.None))[0].Pcm.Length;
        var bare = Run(_session, _ids)[0].Length;
        if (engine != bare)
        {
            throw new InvalidOperationException($"The engine returned {engine} samples and the bare session {bare} for the same ids.");
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// decoder {Decoder}: {_ids[0].Length} ids -> {bare} samples = {Seconds(bare):F3} s of audio at {SampleRate} Hz; " +
            $"intra-op threads {options.IntraOpThreads} (0: ONNX Runtime's default), {Environment.ProcessorCount} cores"));
    }

    protected override Task CleanupAsync()
    {
        _session?.Dispose();
        _engine?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>On a pool thread, where the engine runs the model too, so both rows start and wake their runs alike.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> OnnxRuntime_Run() => Task.Run(() => Run(_session, _ids)[0].Length);

    [Benchmark]
    public async Task<int> PiperEngine_Synthesize() =>
        (await _engine.SynthesizeAsync(_texts, _voice, Prosody.Default, CancellationToken.None))[0].Pcm.Length;
}
