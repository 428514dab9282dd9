using CsCheck;
using TtsGrpc.Core.Audio;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Unit;

public sealed class WavReaderTests
{
    [Theory]
    [InlineData(8, 1, (ushort)1, false, 1e-2)]
    [InlineData(16, 1, (ushort)1, false, 1e-4)]
    [InlineData(24, 2, (ushort)1, false, 1e-6)]
    [InlineData(32, 1, (ushort)1, true, 1e-6)]
    [InlineData(32, 2, (ushort)3, false, 1e-7)]
    [InlineData(32, 1, (ushort)3, true, 1e-7)]
    public void Read_EverySupportedShape_DecodesToTheSameMonoSignal(int bits, int channels, ushort tag, bool extensible, double tolerance)
    {
        var tone = WavBuilder.Tone(0.5, 16000);

        var audio = WavReader.Read(WavBuilder.Pcm(tone, 16000, bits, channels, tag, extensible));

        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(channels, audio.Channels);
        Assert.Equal(tone.Length, audio.Samples.Length);
        Assert.All(Enumerable.Range(0, tone.Length), i => Assert.InRange(audio.Samples[i] - tone[i], -tolerance, tolerance));
    }

    [Fact]
    public void Read_UnknownChunksAndOddPadding_AreSkipped()
    {
        var tone = WavBuilder.Tone(0.1, 8000);
        var wav = WavBuilder.Build(WavBuilder.Format(8000, 16, 1, 1), WavBuilder.Pcm(tone, 8000)[44..], ("LIST", new byte[7]), ("junk", new byte[4]));

        Assert.Equal(tone.Length, WavReader.Read(wav).Samples.Length);
    }

    [Fact]
    public void Read_StreamedHeaderWithUnknownLength_ReadsToTheEnd()
    {
        var wav = WavBuilder.Pcm(WavBuilder.Tone(0.2, 22050), 22050);
        wav.AsSpan(40, 4).Fill(0xFF);

        Assert.Equal(4410, WavReader.Read(wav).Samples.Length);
    }

    public static TheoryData<string, byte[], string> Malformed()
    {
        var good = WavBuilder.Pcm(WavBuilder.Tone(0.1, 16000), 16000);
        byte[] With(int offset, params byte[] bytes)
        {
            var copy = (byte[])good.Clone();
            bytes.CopyTo(copy, offset);
            return copy;
        }

        return new TheoryData<string, byte[], string>
        {
            { "empty", [], "RIFF/WAVE" },
            { "not riff", [.. "OggS"u8, .. good[4..]], "RIFF/WAVE" },
            { "truncated header", good[..30], "truncated" },
            { "truncated data", good[..(good.Length - 100)], "truncated" },
            { "zero channels", With(22, 0, 0), "0 channels" },
            { "six channels", With(22, 6, 0), "6 channels" },
            { "mp3 codec", With(20, 0x55, 0), "format 85" },
            { "12-bit pcm", With(34, 12, 0), "12-bit" },
            { "bad block align", With(32, 7, 0), "Block align" },
            { "zero rate", With(24, 0, 0, 0, 0), "Sample rate 0" },
            { "no data chunk", good[..36], "no 'data'" },
            { "fmt too short", WavBuilder.Build(new byte[10], new byte[100]), "at least 16" },
            { "data before fmt", [.. good[..12], .. good[36..]], "before any 'fmt '" },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Read_MalformedFile_ThrowsWavFormatExceptionSayingWhy(string name, byte[] file, string reason)
    {
        var error = Assert.Throws<WavFormatException>(() => WavReader.Read(file));

        Assert.True(error.Message.Contains(reason, StringComparison.OrdinalIgnoreCase), $"{name}: '{error.Message}'");
    }

    [Fact]
    public void Read_AnyBytesOrMutatedWav_NeverThrowsAnythingButWavFormatException()
    {
        var good = WavBuilder.Pcm(WavBuilder.Tone(0.05, 8000), 8000, bits: 24, channels: 2);
        var mutations = Gen.Select(Gen.Int[0, good.Length - 1], Gen.Byte, Gen.Int[0, good.Length]);
        var randomFiles = Gen.Byte.Array[0, 200].Select(bytes => (byte[])[.. "RIFF"u8, .. bytes.Take(4), .. "WAVE"u8, .. bytes.Skip(4)]);

        void Check(byte[] file)
        {
            try
            {
                WavReader.Read(file);
            }
            catch (WavFormatException)
            {
            }
        }

        mutations.Array[1, 6].Sample(edits =>
        {
            var file = (byte[])good.Clone();
            foreach (var (at, value, _) in edits)
            {
                file[at] = value;
            }

            Check(file[..edits[0].Item3]);
            Check(file);
        });
        randomFiles.Sample(Check);
    }
}
