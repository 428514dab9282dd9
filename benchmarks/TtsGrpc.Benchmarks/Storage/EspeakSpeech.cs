using System.Buffers.Binary;
using System.Diagnostics;
using TtsGrpc.Benchmarks.Internal;

namespace TtsGrpc.Benchmarks.Storage;

/// <summary>
/// Real speech for the codec suites: a few sentences rendered by espeak-ng (22050 Hz PCM16), since
/// compression ratios depend on the signal far more than kernel timings do. Falls back to
/// <see cref="SpeechLikeSignal"/> where espeak-ng is not installed, and says so.
/// </summary>
internal static class EspeakSpeech
{
    private static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Streaming text to speech needs a cache that keeps rendered segments close at hand.",
        "Good morning. Your order number is four hundred and twenty seven, and it will arrive on Tuesday.",
        "Please hold while I transfer your call.",
    ];

    public static (short[] Pcm, string Source) Load()
    {
        var pcm = new List<short>();
        foreach (string sentence in Sentences)
        {
            short[]? rendered = Render(sentence);
            if (rendered is null)
            {
                return (SpeechLikeSignal.Clip(22050, 22050 * 12, seed: 1), "speech-like synthetic signal (espeak-ng not found)");
            }

            pcm.AddRange(rendered);
        }

        return (pcm.ToArray(), "espeak-ng en-us");
    }

    private static short[]? Render(string text)
    {
        try
        {
            var start = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string argument in new[] { "-v", "en-us", "--stdout", text })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            using var wav = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(wav);
            process.WaitForExit();
            return process.ExitCode == 0 ? DataChunk(wav.ToArray()) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    // espeak-ng writing to a pipe cannot seek back to fix the sizes, so the data chunk runs to the end.
    private static short[] DataChunk(byte[] wav)
    {
        int offset = 12;
        while (offset + 8 <= wav.Length)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(offset + 4));
            if (wav.AsSpan(offset, 4).SequenceEqual("data"u8))
            {
                int available = (wav.Length - offset - 8) / 2;
                var pcm = new short[length > 0 ? Math.Min(length / 2, available) : available];
                for (int i = 0; i < pcm.Length; i++)
                {
                    pcm[i] = BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(offset + 8 + (2 * i)));
                }

                return pcm;
            }

            offset += 8 + length + (length & 1);
        }

        throw new InvalidDataException("espeak-ng wrote no WAV data chunk.");
    }
}
