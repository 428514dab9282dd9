using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Benchmarks.Piper;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Kokoro;

namespace TtsGrpc.Benchmarks.Kokoro;

/// <summary>
/// One typical sentence through KokoroEngine.SynthesizeAsync (ids from its phonemizer, the pack's row from the
/// LRU, the run gate, the model run on the thread pool, the conversion to PCM16) against the same padded ids,
/// style row and speed through a bare ONNX Runtime session opened with the same options: what the engine adds to
/// the model (target at most 1.10x). The set-up checks that both give the same audio, prints its length (the
/// real-time factor of each row is its median over that), and times the engine's own steps apart.
/// </summary>
[BenchmarkCategory("kokoro")]
[MemoryDiagnoser]
[MedianColumn]
public class KokoroEngineBenchmarks : KokoroBenchmarkBase
{
    private const string Voice = "af_bella";
    private static readonly string[] InputNames = ["tokens", "style", "speed"];
    private static readonly string[] OutputNames = ["audio"];

    private readonly string[] _texts = [PiperEngineBenchmarks.Sentence];
    private readonly float[] _speed = [1f];
    private KokoroEngine _engine = null!;
    private EngineVoice _voice = null!;
    private InferenceSession _session = null!;
    private long[] _padded = null!;
    private float[] _style = null!;

    protected override async Task PrepareAsync()
    {
        var options = new KokoroOptions();
        var model = KokoroModel.Load(ModelPath, options.ConfigPathFor(ModelPath), options.IntraOpThreads);
        var packs = ImportPacks();
        var phonemizer = new KokoroPhonemizer();
        _engine = new KokoroEngine(model, packs, phonemizer, NullLogger<KokoroEngine>.Instance);
        _voice = _engine.Find(Voice) ?? throw new InvalidOperationException($"The engine does not list {Voice} in {VoicesDirectory}.");
        _session = OpenSession(options.IntraOpThreads);
        var ids = await phonemizer.ToIdsAsync(PiperEngineBenchmarks.Sentence, Voice, model.Vocabulary, CancellationToken.None);
        _padded = [0, .. ids, 0];
        _style = packs.Row(Voice, ids.Length);

        // The first run of each loads what it lazily needs and lets ONNX Runtime plan its memory for this length.
        var engine = (await _engine.SynthesizeAsync(_texts, _voice, Prosody.Default, CancellationToken.None))[0].Pcm;
        var bare = KokoroEngine.ToPcm16(Run());
        if (!engine.AsSpan().SequenceEqual(bare))
        {
            throw new InvalidOperationException($"The engine returned {engine.Length} samples and the bare session {bare.Length}, not the same audio, for the same ids.");
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// {ids.Length} ids ({_padded.Length} with pads) -> {bare.Length} samples = {Seconds(bare.Length):F3} s of audio at {KokoroModel.SampleRate} Hz; " +
            $"intra-op threads {options.IntraOpThreads} (0: ONNX Runtime's default), {Environment.ProcessorCount} cores"));
        await PrintStepsAsync(phonemizer, model.Vocabulary, packs);
    }

    /// <summary>
    /// The baseline's process also times both calls alternately (bare, engine, engine, bare, per round), so the ratio
    /// of each round is measured side by side: on a shared machine each case's own process may see other load.
    /// </summary>
    [GlobalSetup(Target = nameof(OnnxRuntime_Run))]
    public async Task GlobalSetupAndInterleave()
    {
        await GlobalSetup();
        const int Rounds = 8;
        var bare = new List<double>();
        var engine = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var a = await TimeAsync(OnnxRuntime_Run);
            var b = await TimeAsync(KokoroEngine_Synthesize);
            var c = await TimeAsync(KokoroEngine_Synthesize);
            var d = await TimeAsync(OnnxRuntime_Run);
            bare.AddRange([a, d]);
            engine.AddRange([b, c]);
            ratios.Add((b + c) / (a + d));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// interleaved, {Rounds} rounds (bare, engine, engine, bare): bare median {Median.Of(bare):F1} ms, engine median {Median.Of(engine):F1} ms, " +
            $"engine/bare per round: median {Median.Of(ratios):F3}, from {ratios.Min():F3} to {ratios.Max():F3}"));
    }

    protected override Task CleanupAsync()
    {
        _session?.Dispose();
        _engine?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>On a pool thread, where the engine runs the model too, so both rows start and wake their runs alike.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> OnnxRuntime_Run() => Task.Run(() => Run().Length);

    [Benchmark]
    public async Task<int> KokoroEngine_Synthesize() =>
        (await _engine.SynthesizeAsync(_texts, _voice, Prosody.Default, CancellationToken.None))[0].Pcm.Length;

    /// <summary>What KokoroModel.Run does, less its checks and its cancellation hook: the padded ids, the row, speed 1, the audio copied out.</summary>
    private float[] Run()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(_padded, [1, _padded.Length]);
        using var style = OrtValue.CreateTensorValueFromMemory(_style, [1, KokoroModel.StyleSize]);
        using var speed = OrtValue.CreateTensorValueFromMemory(_speed, [1]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, InputNames, [input, style, speed], OutputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The engine's own steps, each the median of 50 calls: where its time goes besides the model run.</summary>
    private async Task PrintStepsAsync(KokoroPhonemizer phonemizer, KokoroVocabulary vocabulary, KokoroVoicePacks packs)
    {
        const int Calls = 50;
        var audio = Run();
        var phonemize = new double[Calls];
        var row = new double[Calls];
        var pcm = new double[Calls];
        for (var i = 0; i < Calls; i++)
        {
            var clock = Stopwatch.StartNew();
            _ = await phonemizer.ToIdsAsync(PiperEngineBenchmarks.Sentence, Voice, vocabulary, CancellationToken.None);
            phonemize[i] = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            _ = packs.Row(Voice, _padded.Length - 2);
            row[i] = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            _ = KokoroEngine.ToPcm16(audio);
            pcm[i] = clock.Elapsed.TotalMilliseconds;
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// engine steps, median of {Calls} calls: phonemizer {Median.Of(phonemize):F3} ms, pack row {Median.Of(row) * 1000:F1} us, PCM16 {Median.Of(pcm):F3} ms"));
    }

    private static async Task<double> TimeAsync(Func<Task<int>> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed.TotalMilliseconds;
    }
}
