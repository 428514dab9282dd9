using TtsGrpc.Native;

namespace TtsGrpc.Tests.Gpu;

/// <summary>CUDA against the CPU reference on fresh random input; skipped where no CUDA device answers.</summary>
[Trait("Category", "Gpu")]
public sealed class CudaOutputStageTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(NativeEncoding.Linear16, 48000)]
    [InlineData(NativeEncoding.Float32, 16000)]
    [InlineData(NativeEncoding.Mulaw, 8000)]
    [InlineData(NativeEncoding.Alaw, 8000)]
    [InlineData(NativeEncoding.Linear16, 44100)]
    public void OutputStage_CudaAndCpu_AgreeOnRandomBatches(NativeEncoding encoding, int outRate)
    {
        Assert.SkipUnless(AudioCore.CudaCompiled, "libttsnative was built without CUDA kernels");
        Assert.SkipUnless(AudioCore.CudaDeviceCount > 0, "no CUDA device answers on this machine");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var lengths = Enumerable.Range(0, 16).Select(_ => random.Next(0, 66150)).ToArray();
        var inOffsets = new long[lengths.Length + 1];
        for (var i = 0; i < lengths.Length; i++)
        {
            inOffsets[i + 1] = inOffsets[i] + lengths[i];
        }

        var pcm = new short[inOffsets[^1]];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        }

        var outOffsets = new long[inOffsets.Length];
        AudioCore.OutputStageSizes(22050, outRate, encoding, inOffsets, outOffsets);
        using var cpu = AudioCore.Create(ComputeBackend.Cpu);
        using var cuda = AudioCore.Create(ComputeBackend.Cuda);
        var expected = new byte[outOffsets[^1]];
        var actual = new byte[outOffsets[^1]];
        cpu.OutputStage(pcm, inOffsets, 22050, outRate, 0.8f, encoding, expected, outOffsets);
        cuda.OutputStage(pcm, inOffsets, 22050, outRate, 0.8f, encoding, actual, outOffsets);

        var (maxError, scale) = Compare(encoding, expected, actual);
        output.WriteLine($"{cuda.Description}: {encoding} 22050->{outRate} seed {seed}: max abs error {maxError} (scale {scale})");
        var tolerance = encoding switch
        {
            NativeEncoding.Float32 => 1e-5 * scale,
            _ => 1.0, // one LSB / one mu-law or A-law step
        };
        Assert.InRange(maxError, 0, tolerance);
    }

    private static (double MaxError, double Scale) Compare(NativeEncoding encoding, byte[] expected, byte[] actual)
    {
        switch (encoding)
        {
            case NativeEncoding.Float32:
            {
                var e = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(expected);
                var a = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(actual);
                double max = 0, scale = 0;
                for (var i = 0; i < e.Length; i++)
                {
                    max = Math.Max(max, Math.Abs(e[i] - a[i]));
                    scale = Math.Max(scale, Math.Abs(e[i]));
                }

                return (max, scale);
            }

            case NativeEncoding.Linear16:
            {
                var e = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(expected);
                var a = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(actual);
                var max = 0;
                for (var i = 0; i < e.Length; i++)
                {
                    max = Math.Max(max, Math.Abs(e[i] - a[i]));
                }

                return (max, 32768);
            }

            default:
            {
                Func<byte, int> level = encoding == NativeEncoding.Alaw ? AlawLevel : MulawLevel;
                var max = 0;
                for (var i = 0; i < expected.Length; i++)
                {
                    max = Math.Max(max, Math.Abs(level(expected[i]) - level(actual[i])));
                }

                return (max, 127);
            }
        }
    }

    /// <summary>A mu-law code as a signed quantization level (-127..127), so neighbours differ by one.</summary>
    private static int MulawLevel(byte code)
    {
        var inverted = ~code & 0xFF;
        var magnitude = inverted & 0x7F;
        return (inverted & 0x80) != 0 ? -magnitude : magnitude;
    }

    /// <summary>An A-law code as a signed quantization level (-128..127), so neighbours differ by one.</summary>
    private static int AlawLevel(byte code)
    {
        var toggled = code ^ 0x55;
        var magnitude = toggled & 0x7F;
        return (toggled & 0x80) != 0 ? magnitude : -magnitude - 1;
    }
}
