using System.Buffers.Binary;
using System.Text;
using TtsGrpc.Core.Audio.Codecs;
using TtsGrpc.Core.Audio.Codecs.Internal;

namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>
/// The Ogg Opus stream encoder against ffmpeg, opusinfo and a page parser of the tests' own. Measured: ffmpeg
/// (5.1) drops the pre-skip and end-trims to the last granule, so the stream decodes to exactly the samples fed,
/// at 48 kHz and after its resampler at the input rate alike.
/// </summary>
public sealed class OggOpusEncoderTests(ITestOutputHelper output) : IDisposable
{
    private const int GranuleRate = 48000;
    private const int FrameMs = 20;
    private const uint Serial = 0xC0DEC5;
    private readonly Support.TempDirectory _temp = CodecCases.CreateTemp();

    public static TheoryData<int> Rates => CodecCases.Rates(StreamEncoding.OggOpus);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Encode_UnevenChunks_DecodesToExactlyTheFedSamples(int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var stream = EncodedStream.Encode(StreamEncoding.OggOpus, rate, pcm, CodecSignal.Chunks(pcm.Length, rate), Serial).All;

        var at48k = await ExternalTool.FfmpegDecodeAsync(stream, "opus", GranuleRate, _temp.Path);
        var decoded = await ExternalTool.FfmpegDecodeAsync(stream, "opus", rate, _temp.Path);

        // After the pre-skip nothing is left to align but the phase of ffmpeg's 48 kHz -> rate resampler.
        var lag = Envelope.BestLag(pcm, decoded, rate, 0, rate / 100);
        output.WriteLine($"seed {CodecSignal.Seed}: fed {pcm.Length}, decoded {decoded.Length} at {rate} Hz and {at48k.Length} at 48 kHz, lag {lag}");
        Assert.Equal(pcm.Length * (GranuleRate / rate), at48k.Length);
        Assert.Equal(pcm.Length, decoded.Length);
        Assert.InRange(lag, 0, 2);
        Envelope.AssertSameContent(pcm, decoded, rate, output);
    }

    [Theory]
    [MemberData(nameof(Rates))]
    public void Pages_FullStream_FollowRfc7845(int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var stream = EncodedStream.Encode(StreamEncoding.OggOpus, rate, pcm, CodecSignal.Chunks(pcm.Length, rate), Serial).All;
        var pages = OggPage.Parse(stream);
        var preSkip = LibopusLookahead(rate) * (GranuleRate / rate);
        var packetGranules = GranuleRate * FrameMs / 1000;

        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            Assert.Equal(page.ComputedCrc, page.StoredCrc);
            Assert.Equal((uint)i, page.Sequence);
            Assert.Equal(Serial, page.Serial);
            Assert.Equal(i == 0 ? OggPage.BeginOfStream : i == pages.Count - 1 ? OggPage.EndOfStream : 0, page.Flags);
            Assert.False(page.LastPacketContinues);
            Assert.NotEmpty(page.Packets);
        }

        var head = Assert.Single(pages[0].Packets);
        Assert.Equal(19, head.Length);
        Assert.Equal("OpusHead"u8.ToArray(), head[..8]);
        Assert.Equal(1, head[8]); // version
        Assert.Equal(1, head[9]); // channels
        Assert.Equal(preSkip, BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(10)));
        Assert.Equal((uint)rate, BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12)));
        Assert.Equal(0, BinaryPrimitives.ReadInt16LittleEndian(head.AsSpan(16))); // gain
        Assert.Equal(0, head[18]); // mapping family
        Assert.Equal(0, pages[0].Granule);

        var tags = Assert.Single(pages[1].Packets);
        Assert.Equal("OpusTags"u8.ToArray(), tags[..8]);
        var vendorLength = BinaryPrimitives.ReadInt32LittleEndian(tags.AsSpan(8));
        Assert.StartsWith("libopus", Encoding.UTF8.GetString(tags, 12, vendorLength), StringComparison.Ordinal);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(tags.AsSpan(12 + vendorLength)));
        Assert.Equal(0, pages[1].Granule);

        // Audio pages: the granule counts 48 kHz samples through the page's last packet; the last one end-trims.
        long packets = 0;
        foreach (var page in pages.Skip(2).SkipLast(1))
        {
            packets += page.Packets.Count;
            Assert.Equal(packets * packetGranules, page.Granule);
        }

        packets += pages[^1].Packets.Count;
        var finalGranule = preSkip + ((long)pcm.Length * (GranuleRate / rate));
        output.WriteLine($"{pages.Count} pages, {packets} packets, pre-skip {preSkip}, final granule {pages[^1].Granule}");
        Assert.Equal(finalGranule, pages[^1].Granule);
        Assert.InRange(packets * packetGranules - finalGranule, 0, packetGranules - 1); // padding within the last packet
    }

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Opusinfo_FullStream_ReportsNoWarningAndTheEnd(int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var stream = EncodedStream.Encode(StreamEncoding.OggOpus, rate, pcm, CodecSignal.Chunks(pcm.Length, rate), Serial).All;

        var info = await ExternalTool.RunOnFileAsync(stream, "opus", _temp.Path, "opusinfo");

        output.WriteLine(info.Stdout + info.Stderr);
        Assert.Equal(0, info.ExitCode);
        Assert.DoesNotContain("WARNING", info.Stdout + info.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", info.Stdout + info.Stderr, StringComparison.Ordinal);
        Assert.Contains("Logical stream 1 ended", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pre-skip: 312", info.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Original sample rate: {rate} Hz", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("Packet duration:   20.0ms (max),   20.0ms (avg),   20.0ms (min)", info.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Playback length: 0m:0{CodecSignal.Seconds:F3}s", info.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Opusinfo_FirstCallAlone_ReportsOnlyTheMissingEnd(int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var first = EncodedStream.Encode(StreamEncoding.OggOpus, rate, pcm, CodecSignal.Chunks(pcm.Length, rate), Serial).Calls[0];

        var info = await ExternalTool.RunOnFileAsync(first, "opus", _temp.Path, "opusinfo");

        // opusinfo flags a stream without EOS (exit 1) as "normal for live streams"; a bad CRC would be a "Hole in data".
        output.WriteLine(info.Stdout + info.Stderr);
        var warnings = (info.Stdout + info.Stderr).Split('\n').Where(l => l.Contains("WARNING", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal));
        Assert.Equal(["WARNING: EOS not set on stream 1 (normal for live streams)"], warnings);
        Assert.DoesNotContain("Hole in data", info.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Encode_EachCall_FlushesEveryCompletePacket(int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var chunks = CodecSignal.Chunks(pcm.Length, rate);
        var calls = EncodedStream.Encode(StreamEncoding.OggOpus, rate, pcm, chunks, Serial).Calls;
        var frame = rate * FrameMs / 1000;
        var preSkip = LibopusLookahead(rate) * (GranuleRate / rate);

        long fed = 0, lastGranule = 0;
        var prefix = new List<byte>();
        for (var i = 0; i < calls.Count; i++)
        {
            fed += chunks[i];
            prefix.AddRange(calls[i]);
            var pages = OggPage.Parse(calls[i]); // whole pages only, never a page left open
            if (pages.Count == 0)
            {
                continue;
            }

            lastGranule = pages[^1].Granule;
            Assert.Equal(fed / frame * (GranuleRate * FrameMs / 1000), lastGranule);

            // With no EOS yet, ffmpeg plays every packet so far, less the pre-skip.
            var decoded = await ExternalTool.FfmpegDecodeAsync([.. prefix], "opus", GranuleRate, _temp.Path);
            Assert.Equal(lastGranule - preSkip, decoded.Length);
        }
    }

    [Fact]
    public void Encode_EmptyFirstCall_ReturnsTheTwoHeaderPages()
    {
        using var encoder = StreamEncoders.Create(StreamEncoding.OggOpus, 24000, Serial);

        var pages = OggPage.Parse(encoder.Encode([]));

        Assert.Equal(2, pages.Count);
        Assert.Equal("OpusHead"u8.ToArray(), pages[0].Packets[0][..8]);
        Assert.Equal("OpusTags"u8.ToArray(), pages[1].Packets[0][..8]);
        Assert.Empty(encoder.Encode(new short[479])); // one sample short of a 20 ms frame: nothing to page yet
    }

    [Fact]
    public void Encode_OtherChunking_SamePacketsAndGranules()
    {
        const int rate = 16000;
        var pcm = CodecSignal.Speech(rate);
        var uneven = OggPage.Parse(EncodedStream.Encode(StreamEncoding.OggOpus, rate, pcm, CodecSignal.Chunks(pcm.Length, rate), Serial).All);
        var whole = OggPage.Parse(EncodedStream.Encode(StreamEncoding.OggOpus, rate, pcm, [pcm.Length], Serial).All);

        // State runs on across calls, so only the page boundaries differ.
        Assert.Equal(whole.SelectMany(p => p.Packets), uneven.SelectMany(p => p.Packets));
        Assert.Equal(whole[^1].Granule, uneven[^1].Granule);
    }

    private static int LibopusLookahead(int rate)
    {
        using var encoder = OpusNative.opus_encoder_create(rate, 1, OpusNative.ApplicationVoip, out var error);
        Assert.Equal(0, error);
        Assert.Equal(0, OpusNative.opus_encoder_ctl_get(encoder, OpusNative.GetLookaheadRequest, out var lookahead));
        return lookahead;
    }
}
