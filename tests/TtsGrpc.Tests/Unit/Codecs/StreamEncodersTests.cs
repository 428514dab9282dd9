using TtsGrpc.Core.Audio.Codecs;

namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>What holds for every stream encoder: the factory's rates, streamable prefixes, determinism, lifecycle.</summary>
public sealed class StreamEncodersTests(ITestOutputHelper output) : IDisposable
{
    private readonly Support.TempDirectory _temp = CodecCases.CreateTemp();

    public static TheoryData<StreamEncoding, int> EveryRate => CodecCases.EveryRate();

    public static TheoryData<StreamEncoding, int> UnsupportedRates => new()
    {
        { StreamEncoding.OggOpus, 44100 },
        { StreamEncoding.OggOpus, 22050 },
        { StreamEncoding.OggOpus, 0 },
        { StreamEncoding.Mp3, 7999 },
        { StreamEncoding.Mp3, 96000 },
        { StreamEncoding.Mp3, -8000 },
        { StreamEncoding.Flac, 7999 },
        { StreamEncoding.Flac, 48001 },
        { StreamEncoding.Flac, 96000 },
    };

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(UnsupportedRates))]
    public void Create_UnsupportedRate_ThrowsListingTheRates(StreamEncoding encoding, int rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StreamEncoders.Create(encoding, rate, 0));

        output.WriteLine(error.Message);
        Assert.Equal("sampleRate", error.ParamName);
        Assert.Contains(string.Join(", ", StreamEncoders.SupportedRates(encoding)), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StreamEncoding.OggOpus, 48000, "audio/ogg; codecs=opus")]
    [InlineData(StreamEncoding.Mp3, 22050, "audio/mpeg")]
    [InlineData(StreamEncoding.Flac, 16000, "audio/flac")]
    public void Create_SupportedRate_ReportsRateAndContentType(StreamEncoding encoding, int rate, string contentType)
    {
        using var encoder = StreamEncoders.Create(encoding, rate, 0);

        Assert.Equal(rate, encoder.SampleRate);
        Assert.Equal(contentType, encoder.ContentType);
    }

    [Fact]
    public void SupportedRates_AreTheDocumentedOnes()
    {
        Assert.Equal([8000, 12000, 16000, 24000, 48000], StreamEncoders.SupportedRates(StreamEncoding.OggOpus));
        Assert.Equal([8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000], StreamEncoders.SupportedRates(StreamEncoding.Mp3));
        Assert.Superset(new HashSet<int> { 8000, 16000, 22050, 24000, 44100, 48000 }, StreamEncoders.SupportedRates(StreamEncoding.Flac).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(EveryRate))]
    public async Task Encode_EveryPrefix_DecodesWithoutError(StreamEncoding encoding, int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var encoded = EncodedStream.Encode(encoding, rate, pcm, CodecSignal.Chunks(pcm.Length, rate));
        Assert.NotEmpty(encoded.Calls[0]);

        var prefix = new List<byte>();
        var lengths = new List<int>();
        foreach (var call in encoded.Calls.Where(c => c.Length > 0))
        {
            prefix.AddRange(call);
            lengths.Add((await ExternalTool.FfmpegDecodeAsync([.. prefix], CodecCases.Extension(encoding), rate, _temp.Path)).Length);
        }

        var full = await ExternalTool.FfmpegDecodeAsync(encoded.All, CodecCases.Extension(encoding), rate, _temp.Path);
        output.WriteLine($"calls {string.Join(", ", encoded.Calls.Select(c => c.Length))} bytes; prefixes decode to {string.Join(", ", lengths)} samples; full {full.Length}");
        Assert.Equal(lengths.Order(), lengths);
        Assert.True(lengths[^1] <= full.Length);
    }

    [Theory]
    [MemberData(nameof(EveryRate))]
    public void Encode_SameInputAndSerial_ByteIdenticalStreams(StreamEncoding encoding, int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var chunks = CodecSignal.Chunks(pcm.Length, rate);

        var first = EncodedStream.Encode(encoding, rate, pcm, chunks, serial: 42);
        var second = EncodedStream.Encode(encoding, rate, pcm, chunks, serial: 42);

        Assert.Equal(first.Calls, second.Calls);
        Assert.Equal(first.Finish, second.Finish);
    }

    [Fact]
    public void Encode_OtherSerial_OggPagesDifferOnlyInSerial()
    {
        var pcm = CodecSignal.Speech(24000);
        var chunks = CodecSignal.Chunks(pcm.Length, 24000);

        var a = OggPage.Parse(EncodedStream.Encode(StreamEncoding.OggOpus, 24000, pcm, chunks, serial: 1).All);
        var b = OggPage.Parse(EncodedStream.Encode(StreamEncoding.OggOpus, 24000, pcm, chunks, serial: 2).All);

        Assert.All(a, p => Assert.Equal(1u, p.Serial));
        Assert.All(b, p => Assert.Equal(2u, p.Serial));
        Assert.Equal(a.Select(p => (p.Flags, p.Granule, p.Sequence)), b.Select(p => (p.Flags, p.Granule, p.Sequence)));
        Assert.Equal(a.SelectMany(p => p.Packets), b.SelectMany(p => p.Packets));
    }

    [Theory]
    [InlineData(StreamEncoding.OggOpus)]
    [InlineData(StreamEncoding.Mp3)]
    [InlineData(StreamEncoding.Flac)]
    public async Task Finish_NeverFed_DecodesToNoAudio(StreamEncoding encoding)
    {
        const int rate = 24000;
        using var encoder = StreamEncoders.Create(encoding, rate, 0);

        var stream = encoder.Finish();

        var decoded = await ExternalTool.FfmpegDecodeAsync(stream, CodecCases.Extension(encoding), rate, _temp.Path);
        output.WriteLine($"{stream.Length} bytes decode to {decoded.Length} samples");
        if (encoding == StreamEncoding.Mp3)
        {
            // MP3 cannot say "no samples": LAME flushes its 576 + 529 samples of delay as silent 576-sample frames.
            Assert.Equal(2 * 576, decoded.Length);
            Assert.All(decoded, s => Assert.InRange(s, -8, 8));
        }
        else
        {
            Assert.Empty(decoded);
        }

        if (encoding == StreamEncoding.OggOpus)
        {
            var info = await ExternalTool.RunOnFileAsync(stream, "opus", _temp.Path, "opusinfo");
            Assert.Equal(0, info.ExitCode);
            Assert.DoesNotContain("WARNING", info.Stdout, StringComparison.Ordinal);
            Assert.Contains("Logical stream 1 ended", info.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(StreamEncoding.OggOpus)]
    [InlineData(StreamEncoding.Mp3)]
    [InlineData(StreamEncoding.Flac)]
    public void Encode_AfterFinishOrDispose_Throws(StreamEncoding encoding)
    {
        var encoder = StreamEncoders.Create(encoding, 16000, 0);
        encoder.Encode(new short[1000]);
        encoder.Finish();

        Assert.Throws<InvalidOperationException>(() => encoder.Encode(new short[10]));
        Assert.Throws<InvalidOperationException>(() => encoder.Finish());
        encoder.Dispose();
        encoder.Dispose();
        Assert.Throws<ObjectDisposedException>(() => encoder.Encode(new short[10]));
    }

    [Theory]
    [InlineData(StreamEncoding.OggOpus)]
    [InlineData(StreamEncoding.Mp3)]
    [InlineData(StreamEncoding.Flac)]
    public void Dispose_Unfinished_ReleasesWithoutFinishing(StreamEncoding encoding)
    {
        // libFLAC's delete finishes an open encoder and calls back into the sink; that must be safe.
        var encoder = StreamEncoders.Create(encoding, 16000, 0);
        encoder.Encode(new short[5000]);

        encoder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => encoder.Finish());
    }
}
