using TtsGrpc.Native;

namespace TtsGrpc.Tests.Unit;

/// <summary>The FFT, STFT and YIN entry points of <see cref="AudioCore"/> through the real native library on its CPU backend.</summary>
public sealed class AnalysisKernelTests : IDisposable
{
    private const int Rate = 16000;
    private readonly AudioCore _core = AudioCore.Create(ComputeBackend.Cpu);

    public void Dispose() => _core.Dispose();

    private static float[] Sine(double hz, int samples) =>
        [.. Enumerable.Range(0, samples).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / Rate)))];

    [Fact]
    public void Fft_ForwardThenInverse_ReturnsTheInput()
    {
        var random = new Random(Environment.TickCount);
        var input = Enumerable.Range(0, 2 * 512 * 3).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var spectrum = new float[input.Length];
        var back = new float[input.Length];

        _core.Fft(input, 512, 3, inverse: false, spectrum);
        _core.Fft(spectrum, 512, 3, inverse: true, back);

        Assert.All(input.Zip(back), pair => Assert.Equal(pair.First, pair.Second, 1e-4f));
    }

    [Fact]
    public void Fft_OutputShorterThanTheBatch_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<NativeException>(() => _core.Fft(new float[2 * 512 * 2], 512, 2, inverse: false, new float[2 * 512]));

        Assert.Equal(NativeStatus.InvalidArgument, error.Status);
    }

    [Fact]
    public void StftPower_Sine_PeaksAtItsBin()
    {
        var audio = Sine(1000, Rate);
        var frames = AudioCore.StftFrames(audio.Length);
        var power = new float[frames * AudioCore.AnalysisBins];

        _core.StftPower(audio, power);

        var middle = power.AsSpan((frames / 2) * AudioCore.AnalysisBins, AudioCore.AnalysisBins).ToArray();
        Assert.Equal(32, Array.IndexOf(middle, middle.Max())); // bin k is k * 31.25 Hz
    }

    [Fact]
    public void Yin_Sine_FindsItsPitch()
    {
        var audio = Sine(200, Rate);
        var frames = AudioCore.StftFrames(audio.Length);
        var f0 = new float[frames];
        var confidence = new float[frames];

        _core.Yin(audio, 50, 500, f0, confidence);

        Assert.InRange(f0[frames / 2], 198f, 202f);
        Assert.True(confidence[frames / 2] > 0.9f, $"confidence {confidence[frames / 2]}");
    }
}
