namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>
/// A seeded speech-like clip: syllables of a gliding harmonic voice (raised-cosine envelopes) between pauses
/// with a faint noise floor, ending on a loud steady vowel so a lost tail shows. Synthetic rather than
/// espeak-ng output so each rate gets a native-rate signal with no resampler in the way.
/// </summary>
internal static class CodecSignal
{
    public const int Seed = 20240611;
    public const double Seconds = 1.5;
    public const double TailSeconds = 0.25;
    private const double Peak = 0.5;
    private const double NoiseFloor = 0.002;

    public static short[] Speech(int sampleRate, int seed = Seed, double seconds = Seconds)
    {
        var random = new Random(seed);
        var pcm = new double[(int)(sampleRate * seconds)];
        var tailStart = pcm.Length - (int)(sampleRate * TailSeconds);
        var phase = 0.0;
        var start = (int)(sampleRate * 0.05);
        while (start < tailStart)
        {
            var length = Math.Min((int)(sampleRate * (0.12 + (0.18 * random.NextDouble()))), tailStart - start);
            var f0 = 100 + (120 * random.NextDouble());
            for (var i = 0; i < length; i++)
            {
                var envelope = 0.5 * (1 - Math.Cos(2 * Math.PI * i / length));
                pcm[start + i] = envelope * Voice(ref phase, f0 * (1 + (0.1 * i / length)), sampleRate);
            }

            start += length + (int)(sampleRate * (0.04 + (0.16 * random.NextDouble())));
        }

        var tailF0 = 100 + (120 * random.NextDouble());
        for (var i = tailStart; i < pcm.Length; i++)
        {
            pcm[i] = Voice(ref phase, tailF0, sampleRate); // full level to the last sample
        }

        var result = new short[pcm.Length];
        for (var i = 0; i < pcm.Length; i++)
        {
            var noise = NoiseFloor * ((2 * random.NextDouble()) - 1);
            result[i] = (short)Math.Round(Math.Clamp((Peak * pcm[i]) + noise, -1, 1) * short.MaxValue);
        }

        return result;
    }

    /// <summary>
    /// Uneven chunk lengths covering <paramref name="total"/>: a first chunk of 0.3 s (so even LAME, which holds
    /// frames back, has bytes to return), then odd sizes, a single sample, and a 37-sample last chunk.
    /// </summary>
    public static int[] Chunks(int total, int sampleRate)
    {
        int[] middle = [sampleRate / 7, 1, 1000, 3, sampleRate / 5, 517, 4097];
        var chunks = new List<int> { (int)(sampleRate * 0.3) };
        var used = chunks[0] + 37;
        foreach (var length in middle)
        {
            chunks.Add(length);
            used += length;
        }

        Assert.True(used < total, "the signal is too short for the chunk plan");
        chunks.Add(total - used);
        chunks.Add(37);
        return [.. chunks];
    }

    // Harmonics with a 1/h spectrum up to 4 kHz (or just under Nyquist): what carries speech's energy.
    private static double Voice(ref double phase, double f0, int sampleRate)
    {
        phase += 2 * Math.PI * f0 / sampleRate;
        var top = Math.Min(4000, 0.45 * sampleRate);
        var sum = 0.0;
        for (var h = 1; h * f0 < top; h++)
        {
            sum += Math.Sin(h * phase) / h;
        }

        return sum / 2.5;
    }
}
