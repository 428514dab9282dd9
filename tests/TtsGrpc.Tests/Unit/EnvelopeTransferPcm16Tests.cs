using TtsGrpc.Native;
using TtsGrpc.Tests.Gpu;

namespace TtsGrpc.Tests.Unit;

/// <summary>The one-call int16 conditioning the SpectralConditioner uses gives the bits of the convert, render, convert path it replaced.</summary>
public sealed class EnvelopeTransferPcm16Tests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(16000, float.NaN)]
    [InlineData(22050, -18f)]
    [InlineData(48000, -3f)]
    public void EnvelopeTransferPcm16_OnTheCpu_SameBitsAsConvertRenderConvert(int rate, float loudness)
    {
        var seed = Environment.TickCount;
        var (pcm, offsets) = CudaBackendChoiceTests.RandomSpeechLikeBatch(new Random(seed), rate);
        var envelope = Enumerable.Range(0, NativeVoiceProfile.EnvelopePoints).Select(i => -35f - i * 0.4f).ToArray();
        using var core = AudioCore.Create(ComputeBackend.Cpu);

        var samples = new float[pcm.Length];
        var rendered = new float[pcm.Length];
        var expected = new short[pcm.Length];
        for (var c = 0; c + 1 < offsets.Length; c++)
        {
            var clip = (int)offsets[c]..(int)offsets[c + 1];
            core.Pcm16ToFloat(pcm.AsSpan(clip), 1f, samples.AsSpan(clip));
        }

        core.EnvelopeTransfer(samples, offsets, rate, envelope, 0.8f, loudness, rendered);
        for (var c = 0; c + 1 < offsets.Length; c++)
        {
            var clip = (int)offsets[c]..(int)offsets[c + 1];
            core.FloatToPcm16(rendered.AsSpan(clip), 1f, expected.AsSpan(clip));
        }

        var actual = new short[pcm.Length];
        core.EnvelopeTransferPcm16(pcm, offsets, rate, envelope, 0.8f, loudness, actual);

        output.WriteLine($"seed {seed}: {pcm.Length} samples in {offsets.Length - 1} clips");
        Assert.Equal(expected, actual);
    }
}
