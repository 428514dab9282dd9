using BenchmarkDotNet.Attributes;
using TtsGrpc.Benchmarks.Internal;

namespace TtsGrpc.Benchmarks.Native;

/// <summary>
/// A created voice's whole analysis (STFT, log-mel, YIN, activity, envelope, embedding) on 60 s of a speech-like
/// reference recording at 16 kHz, the longest reference a client is expected to upload.
/// </summary>
[BenchmarkCategory("analysis")]
[MemoryDiagnoser]
[MedianColumn]
public class VoiceAnalysisBenchmarks : NativeBenchmarkBase
{
    private const int Rate = 16000;

    private float[] _audio = [];

    protected override void Prepare() =>
        _audio = [.. SpeechLikeSignal.Clip(Rate, 60 * Rate, seed: 60).Select(s => s / 32768f)];

    [Benchmark]
    public float AnalyzeVoice() => Core.AnalyzeVoice(_audio).F0MedianHz;
}
