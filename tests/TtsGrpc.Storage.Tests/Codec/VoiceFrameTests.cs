using System.Buffers.Binary;
using System.IO.Hashing;
using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Codec;

public sealed class VoiceFrameTests
{
    public static TheoryData<string> Voices() => ["profile", "noise", "empty", "unicode", "large", "min-date", "max-date"];

    [Theory]
    [MemberData(nameof(Voices))]
    public void TryDecode_OfEncoded_ReturnsIdenticalVoice(string kind)
    {
        var voice = Voice(kind);

        byte[] frame = VoiceFrame.Encode(voice);
        bool decoded = VoiceFrame.TryDecode(frame, out var result, out var error);

        Assert.True(decoded, error.ToString());
        Assert.Equal(FrameError.None, error);
        TestVoices.AssertSame(voice, result);
    }

    [Fact]
    public void Encode_CompressibleProfile_UsesLz4AndIsSmaller()
    {
        var voice = TestVoices.Voice("voice_a", profileBytes: 4096);

        byte[] frame = VoiceFrame.Encode(voice);

        Assert.Equal(VoiceFrame.Lz4Codec, frame[VoiceFrame.HashedOffset]);
        Assert.True(frame.Length < voice.Profile.Length, $"{frame.Length} bytes for a {voice.Profile.Length}-byte profile");
    }

    [Fact]
    public void Encode_NoiseProfile_StaysRaw()
    {
        byte[] frame = VoiceFrame.Encode(Voice("noise"));

        Assert.Equal(VoiceFrame.RawCodec, frame[VoiceFrame.HashedOffset]);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("lone surrogate")]
    [InlineData("129 characters")]
    public void Encode_InvalidId_Throws(string kind)
    {
        string id = TestVoices.InvalidId(kind);

        Assert.False(VoiceFrame.IsValidId(id));
        Assert.Throws<ArgumentException>(() => VoiceFrame.Encode(TestVoices.Voice(id)));
    }

    [Fact]
    public void Encode_IdLength_AcceptsMaximumRejectsLonger()
    {
        VoiceFrame.Encode(TestVoices.Voice(new string('v', VoiceFrame.MaxIdLength)));

        Assert.Throws<ArgumentException>(() => VoiceFrame.Encode(TestVoices.Voice(new string('v', VoiceFrame.MaxIdLength + 1))));
    }

    [Fact]
    public void Encode_NameWithLoneSurrogate_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => VoiceFrame.Encode(TestVoices.Voice("voice_a", name: "bad " + '\udc00')));
    }

    [Theory]
    [InlineData("profile")]
    [InlineData("noise")]
    public void TryDecode_AnyBitFlipped_Rejects(string kind)
    {
        byte[] frame = VoiceFrame.Encode(Voice(kind, profileBytes: 300));

        for (int i = 0; i < frame.Length; i++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] damaged = (byte[])frame.Clone();
                damaged[i] ^= mask;
                Assert.False(VoiceFrame.TryDecode(damaged, out _, out var error), $"byte {i} mask {mask:X2}");
                Assert.NotEqual(FrameError.None, error);
            }
        }
    }

    [Theory]
    [InlineData("profile")]
    [InlineData("noise")]
    public void TryDecode_TruncatedAtAnyLength_Rejects(string kind)
    {
        byte[] frame = VoiceFrame.Encode(Voice(kind, profileBytes: 300));

        for (int length = 0; length < frame.Length; length++)
        {
            Assert.False(VoiceFrame.TryDecode(frame.AsSpan(0, length), out _, out _), $"length {length}");
        }
    }

    [Fact]
    public void TryDecode_TrailingBytes_Rejects()
    {
        byte[] frame = VoiceFrame.Encode(TestVoices.Voice("voice_a"));

        Assert.False(VoiceFrame.TryDecode([.. frame, 0], out _, out var error));
        Assert.Equal(FrameError.ChecksumMismatch, error);
    }

    [Fact]
    public void TryDecode_RandomGarbage_RejectsWithoutThrowing()
    {
        var random = new Random(8);
        byte[] valid = VoiceFrame.Encode(TestVoices.Voice("voice_a", profileBytes: 200));
        for (int round = 0; round < 2000; round++)
        {
            var garbage = new byte[random.Next(0, 400)];
            random.NextBytes(garbage);
            // Half keep a valid magic and version so the hash check sees garbage too.
            if (round % 2 == 0 && garbage.Length > VoiceFrame.HeaderLength)
            {
                valid.AsSpan(0, VoiceFrame.HashOffset).CopyTo(garbage);
            }

            Assert.False(VoiceFrame.TryDecode(garbage, out _, out _));
        }
    }

    [Theory]
    [InlineData(0, (byte)'X', (int)FrameError.BadMagic)]
    [InlineData(4, 2, (int)FrameError.UnsupportedVersion)]
    [InlineData(VoiceFrame.HashOffset, 0x55, (int)FrameError.ChecksumMismatch)]
    [InlineData(VoiceFrame.HashedOffset, 0x01, (int)FrameError.ChecksumMismatch)]
    [InlineData(40, 0x55, (int)FrameError.ChecksumMismatch)]
    public void TryDecode_DamagedHeader_ReportsWhy(int offset, byte value, int expected)
    {
        byte[] frame = VoiceFrame.Encode(TestVoices.Voice("voice_a"));
        frame[offset] ^= value;

        Assert.False(VoiceFrame.TryDecode(frame, out _, out var error));
        Assert.Equal((FrameError)expected, error);
    }

    // The cases below carry a correct hash, so they exercise the checks behind it: a record
    // written by a faulty writer, not one damaged on disk.
    [Fact]
    public void TryDecode_UnknownCodecUnderValidHash_ReportsUnknownCodec()
    {
        byte[] frame = VoiceFrame.Encode(TestVoices.Voice("voice_a"));
        frame[VoiceFrame.HashedOffset] = 7;

        Assert.False(VoiceFrame.TryDecode(Rehash(frame), out _, out var error));
        Assert.Equal(FrameError.UnknownCodec, error);
    }

    [Theory]
    [InlineData("profile", -1)]
    [InlineData("profile", 1)]
    [InlineData("noise", 1)]
    [InlineData("noise", int.MaxValue)]
    public void TryDecode_WrongBodyLengthUnderValidHash_Rejects(string kind, int change)
    {
        byte[] frame = VoiceFrame.Encode(Voice(kind));
        var lengthField = frame.AsSpan(VoiceFrame.HashedOffset + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(lengthField, BinaryPrimitives.ReadUInt32LittleEndian(lengthField) + (uint)change);

        Assert.False(VoiceFrame.TryDecode(Rehash(frame), out _, out var error));
        Assert.Contains(error, new[] { FrameError.BadPayload, FrameError.BadMetadata });
    }

    [Fact]
    public void TryDecode_InvalidUtf8NameUnderValidHash_ReportsBadMetadata()
    {
        // Short, unrepeated fields, so the body stays raw and the name can be found in the frame.
        byte[] frame = VoiceFrame.Encode(new StoredVoice("v1", "NNNN", "de", "", TestVoices.Created, TestVoices.Noise(16, 1)));
        Assert.Equal(VoiceFrame.RawCodec, frame[VoiceFrame.HashedOffset]);
        int name = frame.AsSpan(VoiceFrame.HeaderLength).IndexOf("NNNN"u8) + VoiceFrame.HeaderLength;
        frame[name] = 0xFF;

        Assert.False(VoiceFrame.TryDecode(Rehash(frame), out _, out var error));
        Assert.Equal(FrameError.BadMetadata, error);
    }

    private static byte[] Rehash(byte[] frame)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(VoiceFrame.HashOffset), XxHash64.HashToUInt64(frame.AsSpan(VoiceFrame.HashedOffset)));
        return frame;
    }

    private static StoredVoice Voice(string kind, int profileBytes = 2048) => kind switch
    {
        "profile" => TestVoices.Voice("voice_0123456789abcdef01234567", seed: 2, profileBytes: profileBytes),
        "noise" => TestVoices.Voice("voice_noise", profileBytes: profileBytes) with { Profile = TestVoices.Noise(profileBytes, 3) },
        "empty" => new StoredVoice("e", "", "", "", DateTimeOffset.UnixEpoch, []),
        "unicode" => TestVoices.Voice("voix_é_世界_🎙", name: "Grüße «1» 世界", created: new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromMinutes(-570))),
        "large" => TestVoices.Voice("voice_large", profileBytes: 1 << 20),
        "min-date" => TestVoices.Voice("voice_min", created: DateTimeOffset.MinValue),
        "max-date" => TestVoices.Voice("voice_max", created: DateTimeOffset.MaxValue.ToOffset(TimeSpan.FromHours(-14))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
