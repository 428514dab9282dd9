using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Core.Engines.Piper;

namespace TtsGrpc.Benchmarks.Piper;

/// <summary>
/// Four waiting segments of one voice, three ways to run them: one after another on one session (intra-op threads
/// 2 or 1), one padded batch [4, longest] with input_lengths, or two runs at once with one intra-op thread each (one
/// session, as the engine with ParallelRuns 2 would run them). Each operation is all four; throughput is their audio
/// over the median. Each operation also times its first segment (when it could be sent), and the clean-up prints
/// the median of those.
/// </summary>
[BenchmarkCategory("piper")]
[MemoryDiagnoser]
[MedianColumn]
public class PiperBatchingBenchmarks : PiperBenchmarkBase
{
    /// <summary>Four sentences of one reply, 14 to 18 words.</summary>
    public static readonly string[] Segments =
    [
        "Your parcel left the warehouse this morning and should reach you by Thursday afternoon.",
        "Please sign for it at the door, or choose a neighbour who can take it in for you.",
        "If nobody is home, the driver will leave a card with a number to call.",
        "You can also collect it from the post office on the high street after noon.",
    ];

    private readonly ReadyTimes _firstSegment = new();
    private InferenceSession _twoThreads = null!;
    private InferenceSession _oneThread = null!;
    private long[][] _ids = null!;

    protected override async Task PrepareAsync()
    {
        var phonemizer = new PiperPhonemizer();
        _ids = new long[Segments.Length][];
        for (var i = 0; i < Segments.Length; i++)
        {
            _ids[i] = await IdsAsync(phonemizer, Segments[i]);
        }

        _twoThreads = OpenSession(2);
        _oneThread = OpenSession(1);
        var sequential = Run(_twoThreads, _ids[0]).Length;
        var batched = Run(_twoThreads, _ids);
        if (batched[0].Length != sequential)
        {
            throw new InvalidOperationException($"Row 0 of the batch has {batched[0].Length} samples, alone it has {sequential}.");
        }

        _ = Run(_oneThread, _ids[0]);
        var samples = _ids.Sum(ids => (long)ids.Length * PiperVoiceScript.SamplesPerId);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// 4 segments: {string.Join(", ", _ids.Select(ids => ids.Length))} ids -> {Seconds(samples):F3} s of audio at {SampleRate} Hz " +
            $"(first {Seconds(sequential):F3} s); batch [4, {_ids.Max(ids => ids.Length)}] pads {_ids.Sum(ids => _ids.Max(r => r.Length) - ids.Length)} ids"));
    }

    protected override Task CleanupAsync()
    {
        _firstSegment.Print("first segment ready");
        _twoThreads?.Dispose();
        _oneThread?.Dispose();
        return Task.CompletedTask;
    }

    [Benchmark(Baseline = true)]
    public long Sequential_TwoThreads() => Sequential(_twoThreads);

    [Benchmark]
    public long Sequential_OneThread() => Sequential(_oneThread);

    [Benchmark]
    public long Batch_TwoThreads()
    {
        var clock = Stopwatch.StartNew();
        var clips = Run(_twoThreads, _ids);
        First(clock, nameof(Batch_TwoThreads));
        return clips.Sum(c => (long)c.Length);
    }

    [Benchmark]
    public async Task<long> Parallel2_OneThreadEach()
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        long total = 0;
        void Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < _ids.Length)
            {
                Interlocked.Add(ref total, Run(_oneThread, _ids[i]).Length);
                if (i == 0)
                {
                    First(clock, nameof(Parallel2_OneThreadEach));
                }
            }
        }

        await Task.WhenAll(Task.Run(Worker), Task.Run(Worker));
        return total;
    }

    private long Sequential(InferenceSession session, [CallerMemberName] string name = "")
    {
        var clock = Stopwatch.StartNew();
        long total = 0;
        for (var i = 0; i < _ids.Length; i++)
        {
            total += Run(session, _ids[i]).Length;
            if (i == 0)
            {
                First(clock, name);
            }
        }

        return total;
    }

    private float[] Run(InferenceSession session, long[] ids) => Run(session, [ids])[0];

    private void First(Stopwatch clock, string name) => _firstSegment.Add(name, clock.Elapsed.TotalMilliseconds);
}
