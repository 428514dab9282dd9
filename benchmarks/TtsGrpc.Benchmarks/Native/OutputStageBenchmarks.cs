using BenchmarkDotNet.Attributes;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Native;

namespace TtsGrpc.Benchmarks.Native;

/// <summary>
/// The whole output stage for a batch of sentences as the server renders them: PCM16 at the engine's
/// 22050 Hz -> gain -> resample to 48000 Hz -> LINEAR16, with offsets computed once in set-up, against a
/// plain memory copy that moves as many bytes as the stage reads and writes (the baseline), so the ratio
/// column is how many copies' time the stage takes and "GB/s" its share of the copy bandwidth.
/// </summary>
[BenchmarkCategory("kernels")]
[BytesMovedColumns]
[MemoryDiagnoser]
[MedianColumn]
public class OutputStageBenchmarks : NativeBenchmarkBase
{
    private const int EngineRate = 22050;
    private const int OutputRate = 48000;
    private const float Gain = 0.9f;

    private short[] _pcm = [];
    private long[] _inOffsets = [];
    private long[] _outOffsets = [];
    private byte[] _output = [];
    private byte[] _copySource = [];
    private byte[] _copyTarget = [];

    [Params(1, 16, 256)]
    public int Sentences { get; set; }

    /// <summary>
    /// Bytes the stage reads (PCM16 in) plus writes (LINEAR16 out) for a batch; the copy baseline moves the same
    /// total, half read and half written.
    /// </summary>
    public static long BytesMoved(int sentences)
    {
        var inOffsets = InputOffsets(ClipLengths(sentences));
        var outOffsets = new long[sentences + 1];
        AudioCore.OutputStageSizes(EngineRate, OutputRate, NativeEncoding.Linear16, inOffsets, outOffsets);
        return (inOffsets[^1] * sizeof(short)) + outOffsets[^1];
    }

    protected override void Prepare()
    {
        var lengths = ClipLengths(Sentences);
        _pcm = [.. lengths.SelectMany((length, i) => SpeechLikeSignal.Clip(EngineRate, length, seed: i))];
        _inOffsets = InputOffsets(lengths);
        _outOffsets = new long[Sentences + 1];
        AudioCore.OutputStageSizes(EngineRate, OutputRate, NativeEncoding.Linear16, _inOffsets, _outOffsets);
        _output = new byte[_outOffsets[^1]];
        var moved = BytesMoved(Sentences);
        _copySource = new byte[moved / 2];
        _copyTarget = new byte[moved / 2];
        Random.Shared.NextBytes(_copySource);
        Console.WriteLine($"// {Backend}, {Sentences} sentences: reads {_inOffsets[^1] * sizeof(short)} B, writes {_outOffsets[^1]} B, " +
            $"{moved} B moved per op; the copy baseline copies {_copySource.Length} B");
    }

    /// <summary>A host memory copy of the same traffic; the same on both backends, so each backend's ratio reads against it.</summary>
    [Benchmark(Baseline = true)]
    public void MemoryCopy() => _copySource.AsSpan().CopyTo(_copyTarget);

    [Benchmark]
    public void OutputStage() =>
        Core.OutputStage(_pcm, _inOffsets, EngineRate, OutputRate, Gain, NativeEncoding.Linear16, _output, _outOffsets);

    // Each sentence is about 3 s long, +-10 %, so the batch is ragged like real text.
    private static int[] ClipLengths(int sentences)
    {
        var random = new Random(20250101);
        return [.. Enumerable.Range(0, sentences).Select(_ => (int)(EngineRate * (2.7 + random.NextDouble() * 0.6)))];
    }

    private static long[] InputOffsets(int[] lengths)
    {
        var offsets = new long[lengths.Length + 1];
        for (var i = 0; i < lengths.Length; i++)
        {
            offsets[i + 1] = offsets[i] + lengths[i];
        }

        return offsets;
    }
}
