using System.Buffers.Binary;
using TtsGrpc.Core.Audio.Codecs;

namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>
/// The FLAC stream encoder against ffmpeg and the flac tool. FLAC is lossless, so the decoded stream must equal
/// the samples fed exactly, which covers length, content and tail at once.
/// </summary>
public sealed class FlacEncoderTests(ITestOutputHelper output) : IDisposable
{
    private const int BlockSize = 4096; // libFLAC's block size at compression level 5
    private readonly Support.TempDirectory _temp = CodecCases.CreateTemp();

    // The listed rates and two FLAC takes without listing them.
    public static TheoryData<int> Rates => [.. StreamEncoders.SupportedRates(StreamEncoding.Flac), 20000, 37800];

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Encode_UnevenChunks_DecodesToTheSameSamples(int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var stream = EncodedStream.Encode(StreamEncoding.Flac, rate, pcm, CodecSignal.Chunks(pcm.Length, rate)).All;

        var decoded = await ExternalTool.FfmpegDecodeAsync(stream, "flac", rate, _temp.Path);
        var test = await ExternalTool.RunOnFileAsync(stream, "flac", _temp.Path, "flac", "--test", "--silent");

        output.WriteLine($"seed {CodecSignal.Seed}: fed {pcm.Length}, decoded {decoded.Length}, {stream.Length} bytes " +
            $"({100.0 * stream.Length / (2 * pcm.Length):F1}% of PCM16); flac --test: exit {test.ExitCode} {test.Stderr.Trim()}");
        Assert.Equal(pcm, decoded);
        Assert.Equal(0, test.ExitCode); // it warns that the MD5 is unset, which a stream cannot fill in
        Assert.DoesNotContain("ERROR", test.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rates))]
    public void Encode_FirstCall_StartsWithStreaminfoOfUnknownLength(int rate)
    {
        using var encoder = StreamEncoders.Create(StreamEncoding.Flac, rate, 0);

        var first = encoder.Encode(new short[37]);

        Assert.Equal("fLaC"u8.ToArray(), first[..4]);
        Assert.Equal(0, first[4] & 0x7F); // block type STREAMINFO
        Assert.Equal(34, (first[5] << 16) | (first[6] << 8) | first[7]);
        var streaminfo = first.AsSpan(8, 34);
        Assert.Equal(BlockSize, BinaryPrimitives.ReadUInt16BigEndian(streaminfo[2..])); // max block size
        var packed = BinaryPrimitives.ReadUInt64BigEndian(streaminfo[10..]);
        Assert.Equal((ulong)rate, packed >> 44);
        Assert.Equal(0ul, (packed >> 41) & 0x7); // channels - 1
        Assert.Equal(15ul, (packed >> 36) & 0x1F); // bits per sample - 1
        Assert.Equal(0ul, packed & 0xF_FFFF_FFFF); // total samples unknown
        Assert.All(streaminfo[18..].ToArray(), b => Assert.Equal(0, b)); // MD5 unset
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(48000)]
    public async Task Encode_EachCall_PrefixDecodesToTheWholeBlocksSoFar(int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var chunks = CodecSignal.Chunks(pcm.Length, rate);
        var calls = EncodedStream.Encode(StreamEncoding.Flac, rate, pcm, chunks).Calls;

        var fed = 0;
        var prefix = new List<byte>();
        for (var i = 0; i < calls.Count; i++)
        {
            fed += chunks[i];
            prefix.AddRange(calls[i]);
            var decoded = await ExternalTool.FfmpegDecodeAsync([.. prefix], "flac", rate, _temp.Path);
            Assert.Equal(0, decoded.Length % BlockSize);
            Assert.InRange(decoded.Length, fed - BlockSize, fed);
            Assert.Equal(pcm[..decoded.Length], decoded);
        }
    }

    [Fact]
    public void Encode_OtherChunking_SameBytes()
    {
        const int rate = 24000;
        var pcm = CodecSignal.Speech(rate);

        var uneven = EncodedStream.Encode(StreamEncoding.Flac, rate, pcm, CodecSignal.Chunks(pcm.Length, rate)).All;
        var whole = EncodedStream.Encode(StreamEncoding.Flac, rate, pcm, [pcm.Length]).All;

        Assert.Equal(whole, uneven);
    }
}
