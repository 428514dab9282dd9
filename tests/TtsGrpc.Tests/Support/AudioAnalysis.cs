using System.Buffers.Binary;

namespace TtsGrpc.Tests.Support;

/// <summary>Small, independent measurements of audio the service returns.</summary>
public static class AudioAnalysis
{
    public static short[] Pcm16(ReadOnlySpan<byte> bytes)
    {
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]);
        }

        return samples;
    }

    /// <summary>
    /// Median F0 of the voiced frames, by normalized autocorrelation (60-500 Hz); good enough to tell
    /// a pitch change of several semitones.
    /// </summary>
    public static double MedianF0(short[] pcm, int sampleRate)
    {
        var frame = sampleRate / 25; // 40 ms
        var minLag = sampleRate / 500;
        var maxLag = sampleRate / 60;
        var estimates = new List<double>();
        for (var start = 0; start + frame + maxLag < pcm.Length; start += frame / 2)
        {
            double energy = 0;
            for (var i = 0; i < frame; i++)
            {
                energy += (double)pcm[start + i] * pcm[start + i];
            }

            if (Math.Sqrt(energy / frame) < 1000)
            {
                continue;
            }

            var bestLag = 0;
            var best = 0.0;
            for (var lag = minLag; lag <= maxLag; lag++)
            {
                double sum = 0, norm = 0;
                for (var i = 0; i < frame; i++)
                {
                    sum += (double)pcm[start + i] * pcm[start + i + lag];
                    norm += (double)pcm[start + i + lag] * pcm[start + i + lag];
                }

                var r = sum / Math.Sqrt(energy * norm + 1);
                if (r > best)
                {
                    best = r;
                    bestLag = lag;
                }
            }

            if (best > 0.6)
            {
                estimates.Add((double)sampleRate / bestLag);
            }
        }

        estimates.Sort();
        return estimates.Count == 0 ? 0 : estimates[estimates.Count / 2];
    }

    /// <summary>Samples espeak-ng's own command-line program writes for the text (its WAV data chunk, 16-bit mono).</summary>
    public static async Task<int> EspeakCliSamplesAsync(string text, string voice)
    {
        var path = Path.Combine(Path.GetTempPath(), $"espeak-{Guid.NewGuid():N}.wav");
        try
        {
            using var process = System.Diagnostics.Process.Start("espeak-ng", ["-v", voice, "-w", path, text])!;
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            var wav = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
            return (wav.Length - 44) / 2;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
