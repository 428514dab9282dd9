using TtsGrpc.Core.Audio.Codecs;

namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>
/// The MP3 stream encoder against ffmpeg and a frame-header walk. Measured: without a LAME/Xing tag ffmpeg trims
/// nothing, so the audio arrives 1105 samples late (LAME's 576-sample encoder delay plus the 529-sample decoder
/// delay), and LAME's flush completes the frame they end in: decoded = fed + 1105 rounded up to whole frames
/// (1152 samples at 32-48 kHz, 576 below), so fed + 1105 &lt;= decoded &lt; fed + 1105 + one frame.
/// </summary>
public sealed class Mp3EncoderTests(ITestOutputHelper output) : IDisposable
{
    private const int CodecDelay = 576 + 529;
    private const int BitrateKbps = 64;
    private readonly Support.TempDirectory _temp = CodecCases.CreateTemp();

    public static TheoryData<int> Rates => CodecCases.Rates(StreamEncoding.Mp3);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Encode_UnevenChunks_DecodesToTheFedSamplesAfterTheDelay(int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var stream = EncodedStream.Encode(StreamEncoding.Mp3, rate, pcm, CodecSignal.Chunks(pcm.Length, rate)).All;

        var decoded = await ExternalTool.FfmpegDecodeAsync(stream, "mp3", rate, _temp.Path);

        var frame = SamplesPerFrame(rate);
        var lag = Envelope.BestLag(pcm, decoded, rate, CodecDelay - (2 * frame), CodecDelay + (2 * frame));
        output.WriteLine($"seed {CodecSignal.Seed}: fed {pcm.Length}, decoded {decoded.Length} (+{decoded.Length - pcm.Length}), " +
            $"frame {frame}, lag by cross-correlation {lag}");
        Assert.Equal(CodecDelay, lag);
        Assert.InRange(decoded.Length, pcm.Length + CodecDelay, pcm.Length + CodecDelay + frame - 1);
        Assert.Equal(0, decoded.Length % frame);
        Envelope.AssertSameContent(pcm, decoded.AsSpan(lag), rate, output);
    }

    [Theory]
    [MemberData(nameof(Rates))]
    public void Frames_FullStream_AreAPlainMonoCbrFrameStream(int rate)
    {
        var pcm = CodecSignal.Speech(rate);
        var stream = EncodedStream.Encode(StreamEncoding.Mp3, rate, pcm, CodecSignal.Chunks(pcm.Length, rate)).All;

        var frames = 0;
        var offset = 0;
        while (offset < stream.Length)
        {
            offset += FrameLength(stream.AsSpan(offset), rate);
            frames++;
        }

        output.WriteLine($"{frames} frames of {SamplesPerFrame(rate)} samples, {stream.Length} bytes");
        Assert.Equal(stream.Length, offset); // no ID3 tag, no trailing bytes: frame after frame to the end
        var first = stream.AsSpan(0, FrameLength(stream, rate));
        Assert.Equal(-1, first.IndexOf("Xing"u8));
        Assert.Equal(-1, first.IndexOf("Info"u8));
    }

    [Fact]
    public void Encode_OtherChunking_SameBytes()
    {
        const int rate = 22050;
        var pcm = CodecSignal.Speech(rate);

        var uneven = EncodedStream.Encode(StreamEncoding.Mp3, rate, pcm, CodecSignal.Chunks(pcm.Length, rate)).All;
        var whole = EncodedStream.Encode(StreamEncoding.Mp3, rate, pcm, [pcm.Length]).All;

        Assert.Equal(whole, uneven);
    }

    [Fact]
    public void Encode_Empty_ReturnsNothing()
    {
        // A plain frame stream has no container header to send ahead of the first frame.
        using var encoder = StreamEncoders.Create(StreamEncoding.Mp3, 24000, 0);

        Assert.Empty(encoder.Encode([]));
    }

    private static int SamplesPerFrame(int rate) => rate >= 32000 ? 1152 : 576; // MPEG-1 : MPEG-2 and 2.5

    // Asserts the 4-byte header is Layer III, mono, 64 kbit/s at the rate; returns the frame's length in bytes.
    private static int FrameLength(ReadOnlySpan<byte> frame, int rate)
    {
        Assert.True(frame.Length >= 4 && frame[0] == 0xFF && (frame[1] & 0xE0) == 0xE0, "no frame sync");
        var version = (frame[1] >> 3) & 3; // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
        Assert.Equal(1, (frame[1] >> 1) & 3); // Layer III
        Assert.Equal(3, frame[3] >> 6); // single channel
        int[] bitrates = version == 3 ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320] : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
        int[] rates = version switch { 3 => [44100, 48000, 32000], 2 => [22050, 24000, 16000], _ => [11025, 12000, 8000] };
        Assert.Equal(BitrateKbps, bitrates[frame[2] >> 4]);
        Assert.Equal(rate, rates[(frame[2] >> 2) & 3]);
        var padding = (frame[2] >> 1) & 1;
        return ((version == 3 ? 144 : 72) * BitrateKbps * 1000 / rate) + padding;
    }
}
