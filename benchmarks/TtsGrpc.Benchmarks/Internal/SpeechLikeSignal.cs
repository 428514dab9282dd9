namespace TtsGrpc.Benchmarks.Internal;

/// <summary>
/// Seeded PCM16 clips that behave like voiced speech for the kernels: a gliding fundamental with
/// decaying harmonics, a syllable-rate envelope and a noise floor. Real recordings would tie the
/// benchmarks to files; silence or a pure tone would flatter branchy code such as mu-law encoding.
/// </summary>
internal static class SpeechLikeSignal
{
    public static short[] Clip(int sampleRate, int samples, int seed)
    {
        var random = new Random(seed);
        var pcm = new short[samples];
        var baseF0 = 100 + random.NextDouble() * 120;   // 100..220 Hz, male to female range
        var glidePhase = random.NextDouble() * 2 * Math.PI;
        var syllableRate = 3 + random.NextDouble() * 2; // 3..5 syllables per second
        var phase = 0.0;
        for (var i = 0; i < samples; i++)
        {
            var t = (double)i / sampleRate;
            var f0 = baseF0 * (1 + 0.15 * Math.Sin(2 * Math.PI * 0.7 * t + glidePhase));
            phase += 2 * Math.PI * f0 / sampleRate;
            var voiced = 0.0;
            for (var harmonic = 1; harmonic <= 8; harmonic++)
            {
                voiced += Math.Sin(harmonic * phase) / harmonic;
            }

            var envelope = 0.5 * (1 - Math.Cos(2 * Math.PI * syllableRate * t));
            var noise = random.NextDouble() * 2 - 1;
            var sample = 0.3 * envelope * voiced / 2.7 + 0.02 * noise;
            pcm[i] = (short)Math.Clamp(sample * short.MaxValue, short.MinValue, short.MaxValue);
        }

        return pcm;
    }
}
