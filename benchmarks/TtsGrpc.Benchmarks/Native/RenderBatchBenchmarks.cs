using BenchmarkDotNet.Attributes;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Native;

namespace TtsGrpc.Benchmarks.Native;

/// <summary>
/// The conditioning stage for a batch of sentences as the server conditions them on a created voice: each ~3 s clip
/// at the engine's 22050 Hz moved toward a voice's spectral envelope (strength 0.5) and set to its loudness,
/// the target taken from the analysis of a speech-like reference in set-up.
/// </summary>
[BenchmarkCategory("kernels")]
[MemoryDiagnoser]
[MedianColumn]
public class RenderBatchBenchmarks : NativeBenchmarkBase
{
    private const int EngineRate = 22050;
    private const float Strength = 0.5f;

    private float[] _input = [];
    private long[] _offsets = [];
    private float[] _output = [];
    private float[] _targetEnvelope = [];
    private float _targetLoudness;

    [Params(1, 16, 256)]
    public int Batch { get; set; }

    protected override void Prepare()
    {
        var random = new Random(20250102);
        var clips = Enumerable.Range(0, Batch)
            .Select(i => SpeechLikeSignal.Clip(EngineRate, (int)(EngineRate * (2.7 + random.NextDouble() * 0.6)), seed: i))
            .ToArray();
        _input = [.. clips.SelectMany(c => c).Select(s => s / 32768f)];
        _offsets = new long[Batch + 1];
        for (var i = 0; i < Batch; i++)
        {
            _offsets[i + 1] = _offsets[i] + clips[i].Length;
        }

        _output = new float[_input.Length];
        var reference = SpeechLikeSignal.Clip(16000, 10 * 16000, seed: 1000).Select(s => s / 32768f).ToArray();
        var profile = Core.AnalyzeVoice(reference);
        _targetEnvelope = [.. profile.EnvelopeDb];
        _targetLoudness = profile.LoudnessDbfs;
        Console.WriteLine($"// {Backend}, {Batch} clips: {_input.Length} samples, target loudness {_targetLoudness:F1} dBFS");
    }

    [Benchmark]
    public void EnvelopeTransfer() =>
        Core.EnvelopeTransfer(_input, _offsets, EngineRate, _targetEnvelope, Strength, _targetLoudness, _output);
}
