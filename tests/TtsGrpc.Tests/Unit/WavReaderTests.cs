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

    [Fact]
    public void Read_EveryShapeWithAnySizeFieldOrCut_ReturnsAudioOrThrowsWavFormatException()
    {
        // Every accepted shape, extra chunks before fmt, then each size field (RIFF, chunk, fmt, data)
        // set to an extreme or random value and the file cut anywhere.
        var tone = WavBuilder.Tone(0.02, 8000);
        byte[][] shapeList =
        [
            WavBuilder.Pcm(tone, 8000, bits: 8),
            WavBuilder.Pcm(tone, 8000, bits: 16, channels: 2),
            WavBuilder.Pcm(tone, 8000, bits: 24),
            WavBuilder.Pcm(tone, 8000, bits: 32, formatTag: 3),
            WavBuilder.Pcm(tone, 8000, bits: 32, channels: 2, formatTag: 3, extensible: true),
            WavBuilder.Build(WavBuilder.Format(8000, 16, 1, 1), new byte[101], ("LIST", new byte[7]), ("junk", new byte[4])),
        ];
        uint[] extremes = [0u, 1u, 15u, 16u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFEu, uint.MaxValue];
        var shapes = Gen.Int[0, shapeList.Length - 1].Select(i => shapeList[i]);
        var sizes = Gen.Frequency(
            (1, Gen.Int[0, extremes.Length - 1].Select(i => extremes[i])),
            (1, Gen.UInt));

        Gen.Select(shapes, sizes, Gen.Double[0, 1], Gen.Double[0, 1]).Sample((file, size, where, cut) =>
        {
            var copy = (byte[])file.Clone();
            var fields = SizeFields(copy);
            var field = fields[(int)(where * (fields.Count - 1))];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(field), size);
            foreach (var candidate in new[] { copy, copy[..(int)(cut * copy.Length)] })
            {
                try
                {
                    var audio = WavReader.Read(candidate);
                    Assert.All(audio.Samples, sample => Assert.True(float.IsFinite(sample)));
                }
                catch (WavFormatException)
                {
                }
            }
        });
    }

    /// <summary>Offsets of the RIFF size and of every chunk's size field.</summary>
    private static List<int> SizeFields(byte[] file)
    {
        var fields = new List<int> { 4 };
        for (var offset = 12; offset + 8 <= file.Length;)
        {
            fields.Add(offset + 4);
            var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 4));
            offset += 8 + (int)size + (int)(size & 1);
        }

        return fields;
    }
}
