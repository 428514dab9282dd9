using System.Buffers.Binary;
using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Codec;

public sealed class AudioFrameWordsTests
{
    private const string Text = "Grüße, 世界 — segment «1»";

    public enum Timing
    {
        Words,
        Empty,
        Untimed,
    }

    public static TheoryData<byte, Timing> CodecsAndTimings()
    {
        var data = new TheoryData<byte, Timing>();
        foreach (var codec in Enum.GetValues<AudioCodec>())
        {
            foreach (var timing in Enum.GetValues<Timing>())
            {
                data.Add((byte)codec, timing);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodecsAndTimings))]
    public void TryDecode_OfEncoded_ReturnsSameWords(byte codec, Timing timing)
    {
        var pcm = TestAudio.Voiced(6000, seed: 20);
        var audio = TestAudio.Audio(pcm, text: Text, words: timing switch
        {
            Timing.Words => TestAudio.Words(Text, pcm.Length),
            Timing.Empty => [],
            _ => null,
        });

        byte[] frame = AudioFrame.Encode(audio, (AudioCodec)codec);
        bool decoded = AudioFrame.TryDecode(frame, out var result, out var error);

        Assert.True(decoded, error.ToString());
        Assert.Equal(AudioFrame.FormatVersion, frame[4]);
        TestAudio.AssertSame(audio, result);
        Assert.Equal(timing == Timing.Untimed, result!.Words is null);
    }

    [Fact]
    public void Encode_Words_WritesCountThenFourInt32sPerWordBeforeTheHeaderChecksum()
    {
        var pcm = TestAudio.Voiced(3000, seed: 21);
        var words = TestAudio.Words("one two three", pcm.Length);
        byte[] untimed = AudioFrame.Encode(TestAudio.Audio(pcm, text: "one two three"), AudioCodec.Raw);
        byte[] timed = AudioFrame.Encode(TestAudio.Audio(pcm, text: "one two three", words: words), AudioCodec.Raw);

        int countOffset = TestFrames.WordCountOffset(timed);
        Assert.Equal(-1, BinaryPrimitives.ReadInt32LittleEndian(untimed.AsSpan(countOffset)));
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(timed.AsSpan(countOffset)));
        Assert.Equal(untimed.Length + (3 * AudioFrame.WordLength), timed.Length);
        for (int i = 0; i < words.Length; i++)
        {
            int[] fields = [.. Enumerable.Range(0, 4).Select(f => BinaryPrimitives.ReadInt32LittleEndian(timed.AsSpan(TestFrames.WordFieldOffset(timed, i, f))))];
            Assert.Equal(words[i], new StoredWord(fields[0], fields[1], fields[2], fields[3]));
        }

        Assert.Equal(TestFrames.EncodeVersion1(TestAudio.Audio(pcm, text: "one two three"), AudioCodec.Raw).Length + 4, untimed.Length);
    }

    [Theory]
    [InlineData((byte)AudioCodec.Raw)]
    [InlineData((byte)AudioCodec.Lz4)]
    [InlineData((byte)AudioCodec.DeltaShuffleLz4)]
    public void TryDecode_VersionOneFrame_ReturnsAudioUntimed(byte codec)
    {
        var audio = TestAudio.Audio(TestAudio.Speech, text: Text);

        byte[] frame = TestFrames.EncodeVersion1(audio, (AudioCodec)codec);
        bool decoded = AudioFrame.TryDecode(frame, out var result, out var error);

        Assert.True(decoded, error.ToString());
        Assert.Equal(1, frame[4]);
        TestAudio.AssertSame(audio, result);
        Assert.Null(result!.Words);
    }

    [Fact]
    public void TryDecode_VersionOneFrameRelabelledTwo_Rejects()
    {
        byte[] frame = TestFrames.EncodeVersion1(TestAudio.Audio(TestAudio.Voiced(2000, seed: 22)));
        frame[4] = 2;

        Assert.False(AudioFrame.TryDecode(frame, out _, out var error));
        Assert.NotEqual(FrameError.None, error);
    }

    [Fact]
    public void TryDecode_AnyWordByteFlipped_ReportsHeaderChecksumMismatch()
    {
        var pcm = TestAudio.Voiced(4000, seed: 23);
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(pcm, text: Text, words: TestAudio.Words(Text, pcm.Length)));
        int first = TestFrames.WordFieldOffset(frame, 0, 0);
        int end = TestFrames.WordFieldOffset(frame, 5, 0);

        for (int i = first; i < end; i++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] damaged = (byte[])frame.Clone();
                damaged[i] ^= mask;
                Assert.False(AudioFrame.TryDecode(damaged, out _, out var error), $"byte {i} ^ {mask:X2}");
                Assert.Equal(FrameError.HeaderChecksumMismatch, error);
            }
        }
    }

    [Fact]
    public void TryDecode_WordCountFlipped_Rejects()
    {
        var pcm = TestAudio.Voiced(4000, seed: 24);
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(pcm, text: Text, words: TestAudio.Words(Text, pcm.Length)));
        int countOffset = TestFrames.WordCountOffset(frame);

        for (int i = countOffset; i < countOffset + 4; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] damaged = (byte[])frame.Clone();
                damaged[i] ^= (byte)(1 << bit);
                Assert.False(AudioFrame.TryDecode(damaged, out _, out var error), $"byte {i} bit {bit}");
                Assert.NotEqual(FrameError.None, error);
            }
        }
    }

    public enum Invalid
    {
        TextStartBeyondText,
        TextStartNegative,
        TextLengthPastEnd,
        TextLengthNegative,
        StartSampleNegative,
        EndSampleBeyondSamples,
        StartAfterEnd,
        StartsOutOfOrder,
        CountBelowUntimed,
        CountPastBound,
    }

    [Theory]
    [InlineData(Invalid.TextStartBeyondText)]
    [InlineData(Invalid.TextStartNegative)]
    [InlineData(Invalid.TextLengthPastEnd)]
    [InlineData(Invalid.TextLengthNegative)]
    [InlineData(Invalid.StartSampleNegative)]
    [InlineData(Invalid.EndSampleBeyondSamples)]
    [InlineData(Invalid.StartAfterEnd)]
    [InlineData(Invalid.StartsOutOfOrder)]
    [InlineData(Invalid.CountBelowUntimed)]
    [InlineData(Invalid.CountPastBound)]
    public void TryDecode_InvalidWordWithValidChecksum_ReportsBadMetadata(Invalid invalid)
    {
        var pcm = TestAudio.Voiced(4000, seed: 25);
        var words = TestAudio.Words(Text, pcm.Length);
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(pcm, text: Text, words: words));
        var (word, field, value) = invalid switch
        {
            Invalid.TextStartBeyondText => (4, 0, Text.Length + 1),
            Invalid.TextStartNegative => (0, 0, -1),
            Invalid.TextLengthPastEnd => (4, 1, Text.Length),
            Invalid.TextLengthNegative => (1, 1, -3),
            Invalid.StartSampleNegative => (0, 2, -1),
            Invalid.EndSampleBeyondSamples => (4, 3, pcm.Length + 1),
            Invalid.StartAfterEnd => (4, 3, words[4].StartSample - 1),
            Invalid.StartsOutOfOrder => (2, 2, words[0].StartSample),
            Invalid.CountBelowUntimed => (-1, 0, -2),
            Invalid.CountPastBound => (-1, 0, int.MaxValue),
            _ => throw new ArgumentOutOfRangeException(nameof(invalid)),
        };
        int offset = word < 0 ? TestFrames.WordCountOffset(frame) : TestFrames.WordFieldOffset(frame, word, field);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(offset), value);
        if (word >= 0)
        {
            TestFrames.RehashHeader(frame);
        }

        Assert.False(AudioFrame.TryDecode(frame, out _, out var error));
        Assert.Equal(FrameError.BadMetadata, error);
    }

    [Fact]
    public void TryDecode_WordsAtTheBounds_Accepts()
    {
        var pcm = TestAudio.Voiced(1000, seed: 26);
        StoredWord[] words = [new(0, 0, 0, 0), new(0, Text.Length, 0, pcm.Length), new(Text.Length, 0, pcm.Length, pcm.Length)];
        var audio = TestAudio.Audio(pcm, text: Text, words: words);

        Assert.True(AudioFrame.TryDecode(AudioFrame.Encode(audio), out var result, out var error), error.ToString());
        TestAudio.AssertSame(audio, result);
    }

    [Theory]
    [InlineData(Invalid.TextStartBeyondText)]
    [InlineData(Invalid.EndSampleBeyondSamples)]
    [InlineData(Invalid.StartAfterEnd)]
    [InlineData(Invalid.StartsOutOfOrder)]
    public void Encode_InvalidWords_Throws(Invalid invalid)
    {
        var pcm = TestAudio.Voiced(1000, seed: 27);
        StoredWord[] words = invalid switch
        {
            Invalid.TextStartBeyondText => [new(Text.Length + 1, 0, 0, 10)],
            Invalid.EndSampleBeyondSamples => [new(0, 4, 0, pcm.Length + 1)],
            Invalid.StartAfterEnd => [new(0, 4, 20, 10)],
            Invalid.StartsOutOfOrder => [new(0, 4, 50, 60), new(5, 2, 40, 60)],
            _ => throw new ArgumentOutOfRangeException(nameof(invalid)),
        };

        Assert.Throws<ArgumentException>(() => AudioFrame.Encode(TestAudio.Audio(pcm, text: Text, words: words)));
    }

    [Fact]
    public void TryDecode_TimedFrameTruncatedAtAnyLength_Rejects()
    {
        var pcm = TestAudio.Voiced(400, seed: 28);
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(pcm, text: Text, words: TestAudio.Words(Text, pcm.Length)), AudioCodec.Raw);

        for (int length = 0; length < frame.Length; length++)
        {
            Assert.False(AudioFrame.TryDecode(frame.AsSpan(0, length), out _, out _), $"length {length}");
        }
    }

    [Fact]
    public void TryDecode_RandomWordLists_RoundTripAndSurviveDamage()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("TTS_TEST_SEED"), out int fixedSeed) ? fixedSeed : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed} (TTS_TEST_SEED={seed} repeats it)");
        var random = new Random(seed);
        for (int round = 0; round < 300; round++)
        {
            var pcm = TestAudio.Voiced(random.Next(1, 3000), seed: round);
            string text = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(' ', 'ÿ')));
            var audio = TestAudio.Audio(pcm, text: text, words: random.Next(8) == 0 ? null : RandomWords(random, text.Length, pcm.Length));
            byte[] frame = AudioFrame.Encode(audio, (AudioCodec)random.Next(3));

            Assert.True(AudioFrame.TryDecode(frame, out var result, out var error), $"seed {seed} round {round}: {error}");
            TestAudio.AssertSame(audio, result);

            byte[] damaged = (byte[])frame.Clone();
            damaged[random.Next(TestFrames.WordCountOffset(frame), frame.Length)] ^= (byte)random.Next(1, 256);
            if (AudioFrame.TryDecode(damaged, out var survivor, out _))
            {
                TestAudio.AssertSame(audio, survivor);
            }
        }
    }

    private static StoredWord[] RandomWords(Random random, int textLength, int sampleCount)
    {
        var words = new StoredWord[random.Next(0, 12)];
        int start = 0;
        for (int i = 0; i < words.Length; i++)
        {
            start = random.Next(start, sampleCount + 1);
            int textStart = random.Next(0, textLength + 1);
            words[i] = new StoredWord(textStart, random.Next(0, textLength - textStart + 1), start, random.Next(start, sampleCount + 1));
        }

        return words;
    }
}
