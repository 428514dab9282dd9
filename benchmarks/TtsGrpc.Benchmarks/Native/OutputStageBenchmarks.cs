using BenchmarkDotNet.Attributes;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Native;

namespace TtsGrpc.Benchmarks.Native;

/// <summary>
/// The whole output stage for a batch of sentences as the server renders them: PCM16 at the engine's
/// 22050 Hz -> gain -> resample to 48000 Hz -> LINEAR16, with offsets computed once in set-up.
/// </summary>
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

    [Params(1, 16, 256)]
    public int Sentences { get; set; }

    protected override void Prepare()
    {
        // Each sentence is about 3 s long, +-10 %, so the batch is ragged like real text.
        var random = new Random(20250101);
        var clips = Enumerable.Range(0, Sentences)
            .Select(i => SpeechLikeSignal.Clip(EngineRate, (int)(EngineRate * (2.7 + random.NextDouble() * 0.6)), seed: i))
            .ToArray();
        _pcm = [.. clips.SelectMany(c => c)];
        _inOffsets = new long[Sentences + 1];
        for (var i = 0; i < Sentences; i++)
        {
            _inOffsets[i + 1] = _inOffsets[i] + clips[i].Length;
        }

        _outOffsets = new long[Sentences + 1];
        AudioCore.OutputStageSizes(EngineRate, OutputRate, NativeEncoding.Linear16, _inOffsets, _outOffsets);
        _output = new byte[_outOffsets[^1]];
    }

    // No Baseline: the backend is a parameter, and BenchmarkDotNet anchors ratios to methods or jobs, not to
    // parameter values; read the Cpu and Cuda rows of the same Sentences side by side.
    [Benchmark]
    public void OutputStage() =>
        Core.OutputStage(_pcm, _inOffsets, EngineRate, OutputRate, Gain, NativeEncoding.Linear16, _output, _outOffsets);
}
