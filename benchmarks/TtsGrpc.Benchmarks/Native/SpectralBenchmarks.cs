using BenchmarkDotNet.Attributes;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Native;

namespace TtsGrpc.Benchmarks.Native;

/// <summary>
/// The analysis kernels on a batch of 3 s speech-like clips at 16 kHz, laid end to end as the voice analysis
/// reads them: the power STFT (25 ms frames, 10 ms hop, 512 points), the 512-point complex FFTs it is built on
/// (one per STFT frame, on random input) and YIN pitch over 50..500 Hz.
/// </summary>
[BenchmarkCategory("kernels")]
[MemoryDiagnoser]
[MedianColumn]
public class SpectralBenchmarks : NativeBenchmarkBase
{
    private const int Rate = 16000;
    private const int ClipSamples = 3 * Rate;
    private const int FftPoints = 512;

    private float[] _audio = [];
    private float[] _fftInput = [];
    private float[] _fftOutput = [];
    private float[] _power = [];
    private float[] _f0 = [];
    private float[] _confidence = [];
    private int _frames;

    [Params(1, 16, 256)]
    public int Batch { get; set; }

    protected override void Prepare()
    {
        _audio = [.. Enumerable.Range(0, Batch).SelectMany(i => SpeechLikeSignal.Clip(Rate, ClipSamples, seed: i)).Select(s => s / 32768f)];
        _frames = AudioCore.StftFrames(_audio.Length);
        var random = new Random(7);
        _fftInput = [.. Enumerable.Range(0, 2 * FftPoints * _frames).Select(_ => (float)(random.NextDouble() * 2 - 1))];
        _fftOutput = new float[_fftInput.Length];
        _power = new float[(long)_frames * AudioCore.AnalysisBins];
        _f0 = new float[_frames];
        _confidence = new float[_frames];
        Console.WriteLine($"// {Backend}, {Batch} clips: {_audio.Length} samples, {_frames} frames");
    }

    [Benchmark]
    public void Fft() => Core.Fft(_fftInput, FftPoints, _frames, inverse: false, _fftOutput);

    [Benchmark]
    public void StftPower() => Core.StftPower(_audio, _power);

    [Benchmark]
    public void Yin() => Core.Yin(_audio, 50, 500, _f0, _confidence);
}
