namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>Log-energy envelopes in 10 ms frames, and the measurements the codec tests compare them with.</summary>
internal static class Envelope
{
    private const int FramesPerSecond = 100;

    // Frames below -60 dBFS count as -60: the codecs shape near-silence each their own way, and a listener hears none of it.
    private const double FloorDb = -60;

    public static double[] LogEnergy(ReadOnlySpan<short> pcm, int sampleRate)
    {
        var frame = sampleRate / FramesPerSecond;
        var envelope = new double[pcm.Length / frame];
        for (var f = 0; f < envelope.Length; f++)
        {
            envelope[f] = RmsDb(pcm.Slice(f * frame, frame));
        }

        return envelope;
    }

    public static double RmsDb(ReadOnlySpan<short> pcm)
    {
        double sum = 0;
        foreach (var s in pcm)
        {
            sum += (double)s * s;
        }

        var rms = Math.Sqrt(sum / Math.Max(1, pcm.Length)) / short.MaxValue;
        return Math.Max(FloorDb, 20 * Math.Log10(rms + 1e-12));
    }

    /// <summary>Pearson correlation of the two envelopes over their common length.</summary>
    public static double Correlation(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = Math.Min(a.Length, b.Length);
        double meanA = 0, meanB = 0;
        for (var i = 0; i < n; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }

        meanA /= n;
        meanB /= n;
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < n; i++)
        {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }

        return ab / Math.Sqrt(aa * bb);
    }

    /// <summary>The lag in [min, max] at which <paramref name="decoded"/>[lag + i] best matches <paramref name="source"/>[i] (normalized cross-correlation over the first 0.5 s of source).</summary>
    public static int BestLag(short[] source, short[] decoded, int sampleRate, int min, int max)
    {
        var window = Math.Min(sampleRate / 2, source.Length);
        var bestLag = min;
        var best = double.NegativeInfinity;
        for (var lag = Math.Max(0, min); lag <= max && lag + window <= decoded.Length; lag++)
        {
            double dot = 0, energy = 0;
            for (var i = 0; i < window; i++)
            {
                dot += (double)source[i] * decoded[lag + i];
                energy += (double)decoded[lag + i] * decoded[lag + i];
            }

            var score = dot / Math.Sqrt(energy + 1);
            if (score > best)
            {
                best = score;
                bestLag = lag;
            }
        }

        return bestLag;
    }

    /// <summary>
    /// Asserts that <paramref name="aligned"/> (decoded, delay removed) follows the source's envelope and keeps its
    /// loud last 100 ms; writes the measurements, with a control (the source against itself 30 ms late).
    /// </summary>
    public static void AssertSameContent(short[] source, ReadOnlySpan<short> aligned, int sampleRate, ITestOutputHelper output)
    {
        var reference = LogEnergy(source, sampleRate);
        var correlation = Correlation(reference, LogEnergy(aligned, sampleRate));
        var control = Correlation(reference, LogEnergy(source.AsSpan(sampleRate * 3 / FramesPerSecond), sampleRate));
        var tail = sampleRate / 10;
        Assert.True(aligned.Length >= source.Length, $"decoded {aligned.Length} samples after the delay, fed {source.Length}");
        var sourceTail = RmsDb(source.AsSpan(source.Length - tail));
        var decodedTail = RmsDb(aligned.Slice(source.Length - tail, tail));
        output.WriteLine($"envelope r = {correlation:F4} (control 30 ms late: {control:F4}); last 100 ms: source {sourceTail:F1} dBFS, decoded {decodedTail:F1} dBFS");
        Assert.True(correlation >= CodecCases.MinEnvelopeCorrelation, $"envelope correlation {correlation:F4} < {CodecCases.MinEnvelopeCorrelation}");
        Assert.True(decodedTail >= sourceTail - CodecCases.MaxTailLossDb, $"the last 100 ms decode at {decodedTail:F1} dBFS, the source has {sourceTail:F1}");
    }
}
