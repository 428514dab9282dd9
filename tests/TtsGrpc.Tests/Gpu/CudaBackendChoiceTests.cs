using TtsGrpc.Native;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Gpu;

/// <summary>
/// The backend choice where a CUDA device answers: the probe kernel passes and Auto takes CUDA; with the probe forced
/// to fail, Auto falls back to the CPU naming the device and Cuda is refused. Skipped where no CUDA device answers.
/// </summary>
[Trait("Category", "Gpu")]
public sealed class CudaBackendChoiceTests(ITestOutputHelper output)
{
    [Fact]
    public void Create_AutoWhereADeviceAnswers_TheProbePassesAndCudaIsChosen()
    {
        Assert.SkipUnless(CudaHost.DeviceAnswers, "no CUDA device answers on this machine");

        using var core = AudioCore.Create(ComputeBackend.Auto);

        output.WriteLine($"{core.Backend}: {core.Description}; fallback: {core.FallbackReason ?? "none"}");
        Assert.Null(core.FallbackReason); // a reason here is a real finding: no kernel image for this GPU, or a broken driver
        Assert.Equal(ComputeBackend.Cuda, core.Backend);
        Assert.StartsWith("cuda:0 ", core.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_AutoWithTheProbeForcedToFail_FallsBackToTheCpuNamingTheDevice()
    {
        Assert.SkipUnless(CudaHost.DeviceAnswers, "no CUDA device answers on this machine");
        using var directory = new TempDirectory();

        await using var process = await ServerProcess.StartAsync(
            directory.Path, new Dictionary<string, string> { [CudaHost.ProbeFailVariable] = "1" }, "--Tts:Backend=Auto");

        var line = Assert.Single(process.Output.Split('\n'), l => l.Contains("Native core ", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.Contains("Backend Auto: running on the CPU because the CUDA probe kernel failed on cuda:0 ", line, StringComparison.Ordinal);
        Assert.Contains(CudaHost.ProbeFailVariable, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_AutoWhereADeviceAnswers_RunsOnCuda()
    {
        Assert.SkipUnless(CudaHost.Usable, CudaHost.WhyNot ?? "");
        using var directory = new TempDirectory();

        await using var process = await ServerProcess.StartAsync(directory.Path, "--Tts:Backend=Auto");

        var line = Assert.Single(process.Output.Split('\n'), l => l.Contains("Native core ", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.Contains("backend Cuda (cuda:0 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvelopeTransferPcm16_CudaAndCpu_AgreeOnARandomBatch()
    {
        Assert.SkipUnless(CudaHost.Usable, CudaHost.WhyNot ?? "");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var (pcm, offsets) = RandomSpeechLikeBatch(random, 22050);
        var envelope = Enumerable.Range(0, NativeVoiceProfile.EnvelopePoints).Select(i => -40f - i * 0.3f).ToArray();
        using var cpu = AudioCore.Create(ComputeBackend.Cpu);
        using var cuda = AudioCore.Create(ComputeBackend.Cuda);
        var expected = new short[pcm.Length];
        var actual = new short[pcm.Length];

        cpu.EnvelopeTransferPcm16(pcm, offsets, 22050, envelope, 0.7f, -20f, expected);
        cuda.EnvelopeTransferPcm16(pcm, offsets, 22050, envelope, 0.7f, -20f, actual);

        var maxLsb = expected.Zip(actual, (e, a) => Math.Abs(e - a)).DefaultIfEmpty(0).Max();
        output.WriteLine($"{cuda.Description}: seed {seed}, {pcm.Length} samples, max difference {maxLsb} LSB");
        Assert.InRange(maxLsb, 0, 4); // the float render's 1e-4 of full scale
    }

    /// <summary>Clips of a few hundred ms of tones with noise, so the render has active frames to work on.</summary>
    internal static (short[] Pcm, long[] Offsets) RandomSpeechLikeBatch(Random random, int rate)
    {
        var lengths = Enumerable.Range(0, 8).Select(_ => random.Next(0, rate)).ToArray();
        var offsets = new long[lengths.Length + 1];
        for (var i = 0; i < lengths.Length; i++)
        {
            offsets[i + 1] = offsets[i] + lengths[i];
        }

        var pcm = new short[offsets[^1]];
        for (var c = 0; c < lengths.Length; c++)
        {
            var f0 = 100 + random.NextDouble() * 100;
            for (var t = 0; t < lengths[c]; t++)
            {
                var v = 0.0;
                for (var h = 1; h <= 10; h++)
                {
                    v += Math.Sin(2 * Math.PI * f0 * h * t / rate) / h;
                }

                pcm[offsets[c] + t] = (short)Math.Clamp((v * 0.2 + (random.NextDouble() - 0.5) * 0.01) * 32767, short.MinValue, short.MaxValue);
            }
        }

        return (pcm, offsets);
    }
}
