using System.Buffers.Binary;

namespace TtsGrpc.Storage.Tests.Support;

/// <summary>PCM for tests: noise, synthetic voiced sound, silence and a real espeak-ng recording.</summary>
public static class TestAudio
{
    private static readonly Lazy<short[]> RecordedSpeech = new(() => ReadWav(System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "speech.wav")));

    /// <summary>espeak-ng en-us, 22050 Hz mono.</summary>
    public static short[] Speech => (short[])RecordedSpeech.Value.Clone();

    public static short[] Noise(int samples, int seed)
    {
        var random = new Random(seed);
        var pcm = new short[samples];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        }

        return pcm;
    }

    /// <summary>A few harmonics of a gliding pitch under a syllable-rate envelope, plus a little noise.</summary>
    public static short[] Voiced(int samples, int seed, int sampleRate = 22050)
    {
        var random = new Random(seed);
        var pcm = new short[samples];
        double phase = 0;
        for (int i = 0; i < pcm.Length; i++)
        {
            double t = (double)i / sampleRate;
            double pitch = 110 + 30 * Math.Sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / sampleRate;
            double envelope = Math.Max(0, Math.Sin(2 * Math.PI * 4 * t));
            double value = (0.6 * Math.Sin(phase) + 0.25 * Math.Sin(2 * phase) + 0.1 * Math.Sin(3 * phase)) * envelope;
            pcm[i] = (short)Math.Clamp(value * 12000 + random.Next(-40, 41), short.MinValue, short.MaxValue);
        }

        return pcm;
    }

    public static StoredAudio Audio(short[] pcm, string text = "hello world", int sampleRate = 22050, IReadOnlyList<StoredWord>? words = null) =>
        new(pcm, sampleRate, "espeak-ng/1.51", text, DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_123), words);

    /// <summary>One word per space-separated run of <paramref name="text"/>, spread evenly over the samples.</summary>
    public static StoredWord[] Words(string text, int samples)
    {
        var words = new List<StoredWord>();
        for (int start = 0; start < text.Length;)
        {
            int end = text.IndexOf(' ', start);
            end = end < 0 ? text.Length : end;
            if (end > start)
            {
                words.Add(new StoredWord(start, end - start, 0, 0));
            }

            start = end + 1;
        }

        return [.. words.Select((word, i) => word with
        {
            StartSample = (int)((long)samples * i / words.Count),
            EndSample = (int)((long)samples * (i + 1) / words.Count),
        })];
    }

    public static byte[] Key(int index)
    {
        var key = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(key, index);
        key[15] = 0xA5;
        return key;
    }

    public static void AssertSame(StoredAudio expected, StoredAudio? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Pcm, actual.Pcm);
        Assert.Equal(expected.SampleRate, actual.SampleRate);
        Assert.Equal(expected.Engine, actual.Engine);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Created, actual.Created);
        if (expected.Words is null)
        {
            Assert.Null(actual.Words);
        }
        else
        {
            Assert.NotNull(actual.Words);
            Assert.Equal(expected.Words, actual.Words);
        }
    }

    private static short[] ReadWav(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "data")
            {
                length = Math.Min(length, bytes.Length - offset - 8);
                var pcm = new short[length / 2];
                for (int i = 0; i < pcm.Length; i++)
                {
                    pcm[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset + 8 + (2 * i)));
                }

                return pcm;
            }

            offset += 8 + length + (length & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }
}
