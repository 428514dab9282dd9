using System.Runtime.InteropServices;
using Grpc.Core;
using TtsGrpc.Core.Audio.Codecs;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;
using TtsGrpc.Tests.Unit.Codecs;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// OGG_OPUS, MP3 and FLAC through the real server, decoded by the real ffmpeg and opusinfo, against the LINEAR16 render
/// of the same cached master at the same rate.
/// </summary>
public sealed class StreamFormatsTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>, IDisposable
{
    // LAME's encoder delay (576) plus the decoder's (529): ffmpeg trims nothing without a LAME tag (measured, every rate).
    private const int Mp3Delay = 1105;

    // Two segments, the last one short: a stream that drops its tail loses most of "Yes." and fails the checks below.
    private const string Text = "Streams are valid from their first message on, and decode to their full length. Yes.";

    private readonly TextToSpeech.TextToSpeechClient _client = new(server.Channel);
    private readonly TempDirectory _temp = CodecCases.CreateTemp();

    public static TheoryData<StreamEncoding, int> EveryRate => CodecCases.EveryRate();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(EveryRate))]
    public async Task Synthesize_EveryStreamEncodingAndRate_DecodesToTheLinear16RenderOfTheSameMaster(StreamEncoding encoding, int rate)
    {
        var (pcm, firstSegment) = await Linear16Async(Text, rate);
        var call = await SynthesizeAsync(Text, encoding, rate);

        Assert.Equal((2, 2), (call.Summary.SegmentsCached, call.Summary.SegmentsTotal)); // the masters the LINEAR16 call made
        Assert.Equal(pcm.Length, call.Summary.AudioSamples);
        Assert.All(call.Messages, m => Assert.Equal(rate, m.SampleRateHz));
        var decoded = await ExternalTool.FfmpegDecodeAsync(call.Audio, CodecCases.Extension(encoding), rate, _temp.Path);
        var aligned = encoding switch
        {
            // The final granule end-trims the padding: ffmpeg gives back exactly the samples sent.
            StreamEncoding.OggOpus => Exactly(decoded, pcm.Length),
            StreamEncoding.Mp3 => Mp3Aligned(decoded, pcm.Length, rate),
            _ => decoded,
        };
        if (encoding == StreamEncoding.Flac)
        {
            Assert.Equal(pcm, decoded); // lossless
        }

        Envelope.AssertSameContent(pcm, aligned, rate, output);
        var lastSegment = pcm.Length - firstSegment;
        var tail = Envelope.Correlation(
            Envelope.LogEnergy(pcm.AsSpan(pcm.Length - lastSegment), rate), Envelope.LogEnergy(aligned.AsSpan(pcm.Length - lastSegment, lastSegment), rate));
        Assert.True(tail >= CodecCases.MinEnvelopeCorrelation, $"the short last segment decodes with envelope r = {tail:F4}");
    }

    [Theory]
    [InlineData(StreamEncoding.OggOpus)]
    [InlineData(StreamEncoding.Mp3)]
    [InlineData(StreamEncoding.Flac)]
    public async Task Synthesize_FirstSegmentsMessagesAlone_Decode(StreamEncoding encoding)
    {
        var (_, firstSegment) = await Linear16Async(Text, 24000);
        var call = await SynthesizeAsync(Text, encoding, 24000);
        byte[] first = [.. call.Messages.Where(m => m.SegmentIndex == 0).SelectMany(m => m.Audio.ToByteArray())];

        var decoded = await ExternalTool.FfmpegDecodeAsync(first, CodecCases.Extension(encoding), 24000, _temp.Path);

        // What the encoder still holds (part of an Opus frame, LAME's buffer, a FLAC block of 4096) comes with the next message.
        Assert.InRange(decoded.Length, firstSegment - 4096, firstSegment + Mp3Delay + 1152);
    }

    [Fact]
    public async Task Synthesize_OggOpus_OpusinfoSeesAnEndedStreamWithoutWarnings()
    {
        var call = await SynthesizeAsync(Text, StreamEncoding.OggOpus, 48000);

        var info = await ExternalTool.RunOnFileAsync(call.Audio, "opus", _temp.Path, "opusinfo");

        Assert.Equal(0, info.ExitCode);
        Assert.DoesNotContain("WARNING", info.Stdout + info.Stderr, StringComparison.Ordinal);
        Assert.Contains("Logical stream 1 ended", info.Stdout, StringComparison.Ordinal);
        var pages = OggPage.Parse(call.Audio);
        Assert.Equal(312 + call.Summary.AudioSamples, pages[^1].Granule); // pre-skip + every sample (48 kHz, the granule's own rate)
    }

    [Fact]
    public async Task Synthesize_SameRequestTwice_ByteIdenticalStreams()
    {
        var first = await SynthesizeAsync(Text, StreamEncoding.OggOpus, 16000);
        var second = await SynthesizeAsync(Text, StreamEncoding.OggOpus, 16000);

        Assert.Equal(first.Audio, second.Audio);
    }

    [Theory]
    [InlineData(AudioEncoding.OggOpus, 24000)] // espeak's 22050 Hz is no Opus rate: the next one up
    [InlineData(AudioEncoding.Mp3, 22050)]
    [InlineData(AudioEncoding.Flac, 22050)]
    public async Task Synthesize_RateZero_TheVoicesRateOrTheNextOneTheCodecTakes(AudioEncoding encoding, int expected)
    {
        var call = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = "Rate zero.", Format = new AudioFormat { Encoding = encoding } });

        Assert.All(call.Messages, m => Assert.Equal(expected, m.SampleRateHz));
    }

    [Theory]
    [InlineData(AudioEncoding.OggOpus, 44100, "8000, 12000, 16000, 24000, 48000")]
    [InlineData(AudioEncoding.Mp3, 96000, "8000, 11025, 12000")]
    public async Task Synthesize_RateTheCodecDoesNotTake_InvalidArgumentListingTheRates(AudioEncoding encoding, int rate, string listed)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(
            _client, new SynthesizeRequest { Text = "No.", Format = new AudioFormat { Encoding = encoding, SampleRateHz = rate } }));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains(listed, refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamingSynthesize_OggOpus_TheLastMessageEndsTheStream()
    {
        var (pcm, _) = await Linear16Async(Text, 24000);
        using var call = _client.StreamingSynthesize(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest
        {
            Config = new SynthesizeRequest { Format = new AudioFormat { Encoding = AudioEncoding.OggOpus, SampleRateHz = 24000 } },
        }, TestContext.Current.CancellationToken);
        foreach (var piece in new[] { Text[..40], Text[40..] })
        {
            await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = piece }, TestContext.Current.CancellationToken);
        }

        await call.RequestStream.CompleteAsync();
        var messages = new List<SynthesizeResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            messages.Add(message);
        }

        byte[] stream = [.. messages.SelectMany(m => m.Audio.ToByteArray())];
        var decoded = await ExternalTool.FfmpegDecodeAsync(stream, "opus", 24000, _temp.Path);
        Assert.Equal(pcm.Length, decoded.Length);
        Envelope.AssertSameContent(pcm, decoded, 24000, output);
        var info = await ExternalTool.RunOnFileAsync(stream, "opus", _temp.Path, "opusinfo");
        Assert.DoesNotContain("WARNING", info.Stdout + info.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synthesize_OggOpusWithWordTimestamps_WordsCarriedWithTheAudio()
    {
        var call = await SynthesisCall.RunAsync(_client, new SynthesizeRequest
        {
            Text = Text, EnableWordTimestamps = true, Format = new AudioFormat { Encoding = AudioEncoding.OggOpus, SampleRateHz = 48000 },
        });

        var words = call.Messages.SelectMany(m => m.Words).ToList();
        Assert.Equal(Text.Split(' ').Length, words.Count);
        Assert.True(words[^1].EndMs <= call.Summary.AudioSamples * 1000.0 / 48000 + 1);
    }

    private static short[] Exactly(short[] decoded, int length)
    {
        Assert.Equal(length, decoded.Length);
        return decoded;
    }

    private static short[] Mp3Aligned(short[] decoded, int length, int rate)
    {
        var frame = rate >= 32000 ? 1152 : 576;
        Assert.InRange(decoded.Length, length + Mp3Delay, length + Mp3Delay + frame - 1);
        return decoded[Mp3Delay..];
    }

    /// <summary>The LINEAR16 render at <paramref name="rate"/> (it caches the masters), and how many of its samples are the first segment's.</summary>
    private async Task<(short[] Pcm, int FirstSegment)> Linear16Async(string text, int rate)
    {
        var call = await SynthesisCall.RunAsync(_client, new SynthesizeRequest
        {
            Text = text, Format = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHz = rate },
        });
        return (MemoryMarshal.Cast<byte, short>(call.Audio).ToArray(), call.Messages.Where(m => m.SegmentIndex == 0).Sum(m => m.Audio.Length / 2));
    }

    private Task<SynthesisCall> SynthesizeAsync(string text, StreamEncoding encoding, int rate) =>
        SynthesisCall.RunAsync(_client, new SynthesizeRequest
        {
            Text = text,
            Format = new AudioFormat { Encoding = encoding switch
            {
                StreamEncoding.OggOpus => AudioEncoding.OggOpus,
                StreamEncoding.Mp3 => AudioEncoding.Mp3,
                _ => AudioEncoding.Flac,
            }, SampleRateHz = rate },
        });
}
