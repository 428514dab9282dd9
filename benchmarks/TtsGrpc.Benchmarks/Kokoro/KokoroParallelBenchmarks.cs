using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Core.Engines.Kokoro;

namespace TtsGrpc.Benchmarks.Kokoro;

/// <summary>
/// A Kokoro run takes one sequence, so segments of several requests can only share the cores by running at once.
/// Four segments of four requests (four voices, 6 to 30 words), waiting together, four ways: one after another on
/// one model (intra-op threads as the engine's default, and 1), two at once on one model with one intra-op thread
/// each (ONNX Runtime sessions take concurrent runs), and two at once on two models with one thread each. Each
/// operation is all four, through KokoroModel.Run as the engine calls it; throughput is their audio over the median.
/// Each operation also times when the first request's segment was ready and the mean of the four requests' ready
/// times, and the clean-up prints the medians of those.
/// </summary>
[BenchmarkCategory("kokoro")]
[MemoryDiagnoser]
[MedianColumn]
public class KokoroParallelBenchmarks : KokoroBenchmarkBase
{
    /// <summary>One sentence of each of four requests, in arrival order.</summary>
    public static readonly (string Voice, string Text)[] Segments =
    [
        ("af_bella", "Could you tell me when the pharmacy on the corner opens tomorrow morning?"),
        ("am_adam", "Before you leave the building tonight, make sure that every window on the east side is closed, the alarm is set, and the keys are back at the front desk."),
        ("bf_emma", "Thanks, that is all I needed."),
        ("af_sky", "The meeting has moved to the second floor, so please bring the printed agenda and your laptop."),
    ];

    private readonly ReadyTimes _first = new();
    private readonly ReadyTimes _mean = new();
    private KokoroModel _allCores = null!;
    private KokoroModel _oneThread = null!;
    private KokoroModel _secondOneThread = null!;
    private long[][] _ids = null!;
    private float[][] _styles = null!;

    protected override async Task PrepareAsync()
    {
        var options = new KokoroOptions();
        _allCores = KokoroModel.Load(ModelPath, ConfigPath, options.IntraOpThreads);
        _oneThread = KokoroModel.Load(ModelPath, ConfigPath, 1);
        _secondOneThread = KokoroModel.Load(ModelPath, ConfigPath, 1);
        var packs = KokoroPackFiles.Read(BundlePath).ToDictionary(p => p.Name, p => p.Values, StringComparer.Ordinal);
        var phonemizer = new KokoroPhonemizer();
        _ids = new long[Segments.Length][];
        _styles = new float[Segments.Length][];
        for (var i = 0; i < Segments.Length; i++)
        {
            var (voice, text) = Segments[i];
            _ids[i] = await phonemizer.ToIdsAsync(text, voice, _allCores.Vocabulary, CancellationToken.None);
            _styles[i] = packs[voice].AsSpan(KokoroPack.RowFor(_ids[i].Length) * KokoroPack.Width, KokoroPack.Width).ToArray();
        }

        // The first run of each model plans its memory; every length once on each, so no case pays for a new one.
        long samples = 0;
        foreach (var model in new[] { _allCores, _oneThread, _secondOneThread })
        {
            samples = 0;
            for (var i = 0; i < Segments.Length; i++)
            {
                var length = Run(model, i).Length;
                if (length != (_ids[i].Length + 2) * KokoroModelScript.SamplesPerColumn)
                {
                    throw new InvalidOperationException($"Segment {i} ({_ids[i].Length} ids) gave {length} samples.");
                }

                samples += length;
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// 4 segments: {string.Join(", ", _ids.Select(ids => ids.Length))} ids -> {Seconds(samples):F3} s of audio at {KokoroModel.SampleRate} Hz " +
            $"(first {Seconds((_ids[0].Length + 2) * KokoroModelScript.SamplesPerColumn):F3} s); intra-op threads {options.IntraOpThreads} (0: ONNX Runtime's default), {Environment.ProcessorCount} cores"));
    }

    /// <summary>
    /// The baseline's process also runs the four cases in rounds, in turn and then in reverse (so a steady drift in
    /// the machine's load falls on every case alike), and prints each case's median and its median ratio to
    /// <see cref="OneAtATime"/> within a round: on a shared machine each case's own process may see other load.
    /// </summary>
    [GlobalSetup(Target = nameof(OneAtATime))]
    public async Task GlobalSetupAndInterleave()
    {
        await GlobalSetup();
        const int Rounds = 4;
        (string Name, Func<Task<long>> Run)[] cases =
        [
            (nameof(OneAtATime), () => Task.FromResult(OneAtATime())),
            (nameof(OneAtATime_OneThread), () => Task.FromResult(OneAtATime_OneThread())),
            (nameof(TwoAtOnce_OneModel), TwoAtOnce_OneModel),
            (nameof(TwoAtOnce_TwoModels), TwoAtOnce_TwoModels),
        ];
        var times = cases.ToDictionary(c => c.Name, _ => new double[Rounds]);
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (name, run) in round % 2 == 0 ? cases : Enumerable.Reverse(cases))
            {
                var clock = Stopwatch.StartNew();
                await run();
                times[name][round] = clock.Elapsed.TotalMilliseconds;
            }
        }

        var baseline = times[nameof(OneAtATime)];
        foreach (var (name, _) in cases)
        {
            var ratios = times[name].Select((t, round) => t / baseline[round]).ToList();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"// interleaved, {Rounds} rounds: {name} median {Median.Of(times[name]):F0} ms, ratio to {nameof(OneAtATime)} per round: median {Median.Of(ratios):F2}, from {ratios.Min():F2} to {ratios.Max():F2}"));
        }

        // The rounds' ready times are not the measured cases'.
        _first.Clear();
        _mean.Clear();
    }

    protected override Task CleanupAsync()
    {
        _first.Print("first request's segment ready");
        _mean.Print("mean of the four ready times");
        _allCores?.Dispose();
        _oneThread?.Dispose();
        _secondOneThread?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>What the engine does now: one run at a time (its run gate), each on every core.</summary>
    [Benchmark(Baseline = true)]
    public long OneAtATime() => Sequential(_allCores);

    [Benchmark]
    public long OneAtATime_OneThread() => Sequential(_oneThread);

    [Benchmark]
    public Task<long> TwoAtOnce_OneModel() => Parallel2(_oneThread, _oneThread);

    [Benchmark]
    public Task<long> TwoAtOnce_TwoModels() => Parallel2(_oneThread, _secondOneThread);

    private long Sequential(KokoroModel model, [CallerMemberName] string name = "")
    {
        var clock = Stopwatch.StartNew();
        var ready = new double[Segments.Length];
        long total = 0;
        for (var i = 0; i < Segments.Length; i++)
        {
            total += Run(model, i).Length;
            ready[i] = clock.Elapsed.TotalMilliseconds;
        }

        Record(name, ready);
        return total;
    }

    /// <summary>Two workers taking the segments in arrival order, each on its own model (or both on one).</summary>
    private async Task<long> Parallel2(KokoroModel first, KokoroModel second, [CallerMemberName] string name = "")
    {
        var clock = Stopwatch.StartNew();
        var ready = new double[Segments.Length];
        var next = -1;
        long total = 0;
        void Worker(KokoroModel model)
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Segments.Length)
            {
                Interlocked.Add(ref total, Run(model, i).Length);
                ready[i] = clock.Elapsed.TotalMilliseconds;
            }
        }

        await Task.WhenAll(Task.Run(() => Worker(first)), Task.Run(() => Worker(second)));
        Record(name, ready);
        return total;
    }

    private float[] Run(KokoroModel model, int segment) => model.Run(_ids[segment], _styles[segment], 1f, CancellationToken.None).Audio;

    private void Record(string name, double[] ready)
    {
        _first.Add(name, ready[0]);
        _mean.Add(name, ready.Average());
    }
}
