using TtsGrpc.Core.Audio;
using TtsGrpc.Native;

namespace TtsGrpc.Tests.Unit;

/// <summary>The output stage through the real native library on its CPU backend.</summary>
public sealed class OutputStageTests : IDisposable
{
    private readonly AudioCore _core = AudioCore.Create(ComputeBackend.Cpu);

    public void Dispose() => _core.Dispose();

    private static short[] RandomPcm(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (short)random.Next(-20000, 20000))];
    }

    [Fact]
    public void Render_Linear16AtEngineRate_ReturnsTheSamplesUnchanged()
    {
        var pcm = RandomPcm(5000, Environment.TickCount);

        var bytes = new OutputStage(_core).Encode(pcm, 22050, new OutputFormat(AudioEncoding.Linear16, 22050));

        Assert.Equal(pcm, Support.AudioAnalysis.Pcm16(bytes));
    }

    [Fact]
    public void Render_Float32AtEngineRate_ScalesToUnitRange()
    {
        short[] pcm = [0, 16384, -16384, short.MaxValue, short.MinValue];

        var bytes = new OutputStage(_core).Encode(pcm, 22050, new OutputFormat(AudioEncoding.Float32, 22050));

        var floats = new float[pcm.Length];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        Assert.Equal([0f, 0.5f, -0.5f, 32767f / 32768f, -1f], floats);
    }

    [Fact]
    public void Render_Batch_EqualsEachClipRenderedAlone()
    {
        var seed = Environment.TickCount;
        short[][] clips = [RandomPcm(3000, seed), RandomPcm(10, seed + 1), [], RandomPcm(7777, seed + 2)];
        var stage = new OutputStage(_core);
        foreach (var encoding in new[] { AudioEncoding.Mulaw, AudioEncoding.Alaw })
        {
            var format = new OutputFormat(encoding, 8000);

            var batch = stage.Encode(clips, 22050, format);

            Assert.Equal(clips.Select(c => stage.Encode(c, 22050, format)), batch);
            Assert.Equal(clips.Select(c => AudioCore.ResampledLength(22050, 8000, c.Length)), batch.Select(b => (long)b.Length));
        }
    }

    [Fact]
    public void Render_AlawAtEngineRate_IsTheG711CodeOfEachSample()
    {
        short[] pcm = [0, -1, short.MaxValue, short.MinValue, 16, -17, 512, -513, 4096];

        var bytes = new OutputStage(_core).Encode(pcm, 22050, new OutputFormat(AudioEncoding.Alaw, 22050));

        Assert.Equal([0xD5, 0x55, 0xAA, 0x2A, 0xD4, 0x54, 0xF5, 0x75, 0x85], bytes);
        Assert.Equal(pcm.Select(Support.G711Alaw.Encode), bytes);
    }

    [Fact]
    public void Render_AlawResampledWithGain_IsTheAlawOfTheLinear16Render()
    {
        var seed = Environment.TickCount;
        var pcm = RandomPcm(9000, seed);
        var stage = new OutputStage(_core);

        var alaw = stage.Encode(pcm, 22050, new OutputFormat(AudioEncoding.Alaw, 8000), gain: 1.3f);
        var linear = Support.AudioAnalysis.Pcm16(stage.Encode(pcm, 22050, new OutputFormat(AudioEncoding.Linear16, 8000), gain: 1.3f));

        Assert.Equal(AudioCore.ResampledLength(22050, 8000, pcm.Length), alaw.Length);
        Assert.Equal(linear.Select(Support.G711Alaw.Encode), alaw);
    }

    [Fact]
    public void Render_Gain_ScalesAndClampsTheSamples()
    {
        short[] pcm = [1000, -1000, 30000];

        var bytes = new OutputStage(_core).Encode(pcm, 22050, new OutputFormat(AudioEncoding.Linear16, 22050), gain: 2f);

        Assert.Equal([2000, -2000, short.MaxValue], Support.AudioAnalysis.Pcm16(bytes));
    }

    [Fact]
    public void OutputStage_BadRate_ThrowsNativeInvalidArgumentWithAMessage()
    {
        var error = Assert.Throws<NativeException>(() =>
            new OutputStage(_core).Encode([1, 2, 3], 22050, new OutputFormat(AudioEncoding.Linear16, 12345)));

        Assert.Equal(NativeStatus.InvalidArgument, error.Status);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
