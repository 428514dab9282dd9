using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Codec;

public sealed class AudioFrameTests
{
    public static TheoryData<byte, string> CodecsAndSignals()
    {
        var data = new TheoryData<byte, string>();
        foreach (var codec in Enum.GetValues<AudioCodec>())
        {
            foreach (string signal in new[] { "noise", "voiced", "speech", "silence", "single" })
            {
                data.Add((byte)codec, signal);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodecsAndSignals))]
    public void TryDecode_OfEncoded_ReturnsIdenticalAudio(byte codec, string signal)
    {
        var audio = TestAudio.Audio(Signal(signal), text: "Grüße, 世界 — segment «1»");

        byte[] frame = AudioFrame.Encode(audio, (AudioCodec)codec);
        bool decoded = AudioFrame.TryDecode(frame, out var result, out var error);

        Assert.True(decoded, error.ToString());
        Assert.Equal(FrameError.None, error);
        TestAudio.AssertSame(audio, result);
    }

    [Fact]
    public void Encode_Speech_FilterBeatsPlainLz4()
    {
        var audio = TestAudio.Audio(TestAudio.Speech);
        double raw = audio.Pcm.Length * 2;

        double plain = raw / AudioFrame.Encode(audio, AudioCodec.Lz4).Length;
        double filtered = raw / AudioFrame.Encode(audio, AudioCodec.DeltaShuffleLz4).Length;

        TestContext.Current.TestOutputHelper?.WriteLine($"speech: LZ4 {plain:F3}x, delta+shuffle+LZ4 {filtered:F3}x");
        Assert.True(plain > 1.1, $"plain LZ4 {plain:F3}x");
        Assert.True(filtered > plain + 0.15, $"filtered {filtered:F3}x vs plain {plain:F3}x");
    }

    [Fact]
    public void Encode_Noise_FallsBackToRaw()
    {
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(TestAudio.Noise(2000, seed: 3)));

        Assert.Equal((byte)AudioCodec.Raw, frame[5]);
    }

    [Fact]
    public void Encode_EmptyPcm_Throws()
    {
        Assert.Throws<ArgumentException>(() => AudioFrame.Encode(TestAudio.Audio([])));
    }

    [Theory]
    [InlineData((byte)AudioCodec.Raw)]
    [InlineData((byte)AudioCodec.Lz4)]
    [InlineData((byte)AudioCodec.DeltaShuffleLz4)]
    public void TryDecode_AnySingleByteFlipped_NeverReturnsDifferentAudio(byte codec)
    {
        var audio = TestAudio.Audio(TestAudio.Voiced(600, seed: 4), text: "flip");
        byte[] frame = AudioFrame.Encode(audio, (AudioCodec)codec);
        int rejected = 0;

        for (int i = 0; i < frame.Length; i++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] damaged = (byte[])frame.Clone();
                damaged[i] ^= mask;
                if (AudioFrame.TryDecode(damaged, out var result, out _))
                {
                    // Only a flip that changes nothing decoded (an LZ4 match offset into equal
                    // bytes) may pass; different audio must never come out.
                    TestAudio.AssertSame(audio, result);
                }
                else
                {
                    rejected++;
                }
            }
        }

        Assert.True(rejected >= frame.Length * 3 * 0.95, $"{rejected} of {frame.Length * 3} flips rejected");
    }

    [Fact]
    public void TryDecode_RawFrameAnyByteFlipped_Rejects()
    {
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(TestAudio.Noise(300, seed: 5)), AudioCodec.Raw);

        for (int i = 0; i < frame.Length; i++)
        {
            byte[] damaged = (byte[])frame.Clone();
            damaged[i] ^= 0x10;
            Assert.False(AudioFrame.TryDecode(damaged, out _, out var error), $"byte {i}");
            Assert.NotEqual(FrameError.None, error);
        }
    }

    [Theory]
    [InlineData((byte)AudioCodec.Raw)]
    [InlineData((byte)AudioCodec.DeltaShuffleLz4)]
    public void TryDecode_TruncatedAtAnyLength_Rejects(byte codec)
    {
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(TestAudio.Voiced(400, seed: 6)), (AudioCodec)codec);

        for (int length = 0; length < frame.Length; length++)
        {
            Assert.False(AudioFrame.TryDecode(frame.AsSpan(0, length), out _, out _), $"length {length}");
        }
    }

    [Fact]
    public void TryDecode_TrailingBytes_Rejects()
    {
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(TestAudio.Voiced(400, seed: 7)));

        Assert.False(AudioFrame.TryDecode([.. frame, 0], out _, out var error));
        Assert.Equal(FrameError.BadPayload, error);
    }

    [Fact]
    public void TryDecode_RandomGarbage_RejectsWithoutThrowing()
    {
        var random = new Random(8);
        byte[] valid = AudioFrame.Encode(TestAudio.Audio(TestAudio.Voiced(300, seed: 9)));
        for (int round = 0; round < 2000; round++)
        {
            var garbage = new byte[random.Next(0, 400)];
            random.NextBytes(garbage);
            // Half keep a valid header so the payload decoder sees garbage too.
            if (round % 2 == 0 && garbage.Length > 60)
            {
                valid.AsSpan(0, 60).CopyTo(garbage);
            }

            Assert.False(AudioFrame.TryDecode(garbage, out _, out _));
        }
    }

    [Theory]
    [InlineData(0, (byte)'X', (int)FrameError.BadMagic)]
    [InlineData(4, 3, (int)FrameError.UnsupportedVersion)]
    [InlineData(4, 0, (int)FrameError.UnsupportedVersion)]
    [InlineData(5, 9, (int)FrameError.UnknownCodec)]
    [InlineData(40, 0x55, (int)FrameError.HeaderChecksumMismatch)]
    public void TryDecode_DamagedHeader_ReportsWhy(int offset, byte value, int expected)
    {
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(TestAudio.Voiced(300, seed: 10), text: "a header text"));
        frame[offset] = value;

        Assert.False(AudioFrame.TryDecode(frame, out _, out var error));
        Assert.Equal((FrameError)expected, error);
    }

    [Fact]
    public void TryDecode_PayloadDamagedUnderRawCodec_ReportsChecksumMismatch()
    {
        byte[] frame = AudioFrame.Encode(TestAudio.Audio(TestAudio.Noise(300, seed: 11)), AudioCodec.Raw);
        frame[^1] ^= 0x01;

        Assert.False(AudioFrame.TryDecode(frame, out _, out var error));
        Assert.Equal(FrameError.ChecksumMismatch, error);
    }

    private static short[] Signal(string name) => name switch
    {
        "noise" => TestAudio.Noise(3000, seed: 12),
        "voiced" => TestAudio.Voiced(22050, seed: 13),
        "speech" => TestAudio.Speech,
        "silence" => new short[5000],
        "single" => [1234],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
