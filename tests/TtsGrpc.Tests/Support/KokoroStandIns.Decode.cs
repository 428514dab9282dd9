namespace TtsGrpc.Tests.Support;

public static partial class KokoroStandIns
{
    /// <summary>Decodes a stand-in's raw output (float32, as the model wrote it).</summary>
    public static KokoroStandInOutput Decode(ReadOnlySpan<float> raw)
    {
        var values = new double[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            values[i] = raw[i];
        }

        return Decode(values, tolerance: 1e-6);
    }

    /// <summary>
    /// Decodes PCM16 made from a stand-in's output as Kokoro's runtimes make it: clamp to [-1, 1], times 32767,
    /// rounded or truncated; so id = round(pcm*1024/32767).
    /// </summary>
    public static KokoroStandInOutput Decode(ReadOnlySpan<short> pcm)
    {
        var values = new double[pcm.Length];
        for (var i = 0; i < pcm.Length; i++)
        {
            values[i] = pcm[i] / 32767.0;
        }

        return Decode(values, tolerance: 1.0 / 32767);
    }

    private static KokoroStandInOutput Decode(double[] x, double tolerance)
    {
        if (x.Length < Frame || x.Length % Frame != 0)
        {
            throw new InvalidDataException($"{x.Length} samples: a stand-in gives 600 of header, then whole 600-sample frames");
        }

        const int headerEnd = 2 + StyleLength;
        if (Array.FindIndex(x, headerEnd, Frame - headerEnd, v => v != 0) is var stray and >= 0)
        {
            throw new InvalidDataException($"Header sample {stray} is {x[stray]:R}; samples 258-599 of a stand-in's header are 0");
        }

        var columns = (int)Math.Round(x[0] * 1024);
        var frames = (x.Length / Frame) - 1;
        if (columns == 0 ? frames != 0 : columns < 0 || frames % columns != 0)
        {
            throw new InvalidDataException($"{frames} frames after the header do not split into {columns} equal runs, one per id");
        }

        var framesPerId = columns == 0 ? 0 : frames / columns;
        var style = new float[StyleLength];
        for (var k = 0; k < StyleLength; k++)
        {
            style[k] = (float)x[2 + k];
        }

        var run = framesPerId * Frame;
        var ids = new long[columns];
        for (var i = 0; i < columns; i++)
        {
            var start = Frame + (i * run);
            var middle = x[start + (run / 2)];
            for (var s = start; s < start + run; s++)
            {
                if (Math.Abs(x[s] - middle) > tolerance)
                {
                    throw new InvalidDataException($"Sample {s} is {x[s]:R}, but the run of id {i} reads {middle:R}");
                }
            }

            ids[i] = (long)Math.Round(middle * 1024);
        }

        return new KokoroStandInOutput(columns, x[1] * 16, style, framesPerId, ids);
    }
}
