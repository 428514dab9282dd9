using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;
using TtsGrpc.Tests.Unit.Codecs;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// POST /v1/audio/speech on the real server: every response_format decoded by the real ffmpeg against the gRPC
/// LINEAR16 render of the same cached text at 24 kHz, the server-sent events form, and speed.
/// </summary>
public sealed class HttpSpeechTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>, IDisposable
{
    // LAME's encoder delay (576) plus the decoder's (529), as in StreamFormatsTests; a 24 kHz MP3 frame is 576 samples.
    private const int Mp3Delay = 1105;
    private const int Mp3Frame = 576;

    // Two segments, the last one short, so a stream that loses its tail fails the length checks.
    private const string Text = "The speech endpoint answers like OpenAI's, from the same cache as gRPC. Yes.";

    private readonly HttpSpeech _http = new(server.HttpAddress);
    private readonly TempDirectory _temp = CodecCases.CreateTemp();

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("mp3", "audio/mpeg")]
    [InlineData("opus", "audio/ogg")]
    [InlineData("flac", "audio/flac")]
    [InlineData("wav", "audio/wav")]
    [InlineData("pcm", "audio/pcm")]
    public async Task Speech_EachResponseFormat_DecodesToTheLinear16RenderOfTheSameText(string format, string contentType)
    {
        var pcm = await Linear16Async(Text);

        var response = await _http.SpeechAsync(new { model = "tts-1", input = Text, voice = "alloy", response_format = format });

        Assert.Equal(200, response.Status);
        Assert.Equal(contentType, response.ContentType);
        Assert.Equal("espeak:en-us", response.Header("x-tts-voice")); // alloy on a server with espeak-ng voices only
        Assert.Equal("tts-1", response.Header("x-tts-model"));
        Assert.Equal("24000", response.Header("x-tts-sample-rate"));
        if (format == "pcm")
        {
            Assert.Equal(AsBytes(pcm), response.Body); // headerless s16le at 24 kHz: the LINEAR16 render itself
            return;
        }

        var decoded = await ExternalTool.FfmpegDecodeAsync(response.Body, format == "opus" ? "opus" : format, 24000, _temp.Path);
        switch (format)
        {
            case "mp3":
                Assert.InRange(decoded.Length, pcm.Length + Mp3Delay, pcm.Length + Mp3Delay + Mp3Frame - 1);
                Envelope.AssertSameContent(pcm, decoded[Mp3Delay..], 24000, output);
                break;
            case "opus":
                Assert.Equal(pcm.Length, decoded.Length); // the last granule end-trims the padding
                Envelope.AssertSameContent(pcm, decoded, 24000, output);
                break;
            case "wav":
                Assert.Equal(24000, BinaryPrimitives.ReadInt32LittleEndian(response.Body.AsSpan(24)));
                Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(response.Body.AsSpan(22)));
                Assert.Equal(pcm, decoded);
                break;
            default:
                Assert.Equal(pcm, decoded); // FLAC is lossless
                break;
        }
    }

    [Fact]
    public async Task Speech_NoResponseFormat_IsMp3()
    {
        var response = await _http.PostAsync("""{"model":"tts-1","input":"No format named.","voice":"nova"}""");

        Assert.Equal(200, response.Status);
        Assert.Equal("audio/mpeg", response.ContentType);
        Assert.Equal(0xFF, response.Body[0]); // an MPEG frame header, no ID3 tag
        Assert.Equal(0xE0, response.Body[1] & 0xE0);
        var decoded = await ExternalTool.FfmpegDecodeAsync(response.Body, "mp3", 24000, _temp.Path);
        Assert.True(decoded.Length > 12000, $"{decoded.Length} samples is under half a second");
    }

    [Fact]
    public async Task Speech_Sse_DeltasThenOneDoneLast_DeltasDecodeToTheAudioStreamsBytes()
    {
        await Linear16Async(Text); // both requests below are cache hits: their bytes match
        var audio = await _http.SpeechAsync(new { model = "tts-1", input = Text, voice = "alloy", response_format = "opus" });

        var response = await _http.SpeechAsync(new { model = "tts-1", input = Text, voice = "alloy", response_format = "opus", stream_format = "sse" });

        Assert.Equal(200, response.Status);
        Assert.Equal("text/event-stream", response.ContentType);
        var events = Events(response.Text);
        Assert.True(events.Count >= 3, $"{events.Count} events");
        Assert.All(events[..^1], e => Assert.Equal("speech.audio.delta", e.GetProperty("type").GetString()));
        var done = events[^1];
        Assert.Equal("speech.audio.done", done.GetProperty("type").GetString());
        var usage = done.GetProperty("usage");
        Assert.Equal(Text.Length, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32() + usage.GetProperty("output_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        var summary = done.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("segments_total").GetInt32());
        Assert.Equal(2, summary.GetProperty("segments_cached").GetInt32());
        Assert.True(summary.GetProperty("audio_ms").GetDouble() > 1000);
        Assert.True(summary.GetProperty("first_audio_ms").GetDouble() <= summary.GetProperty("synthesis_ms").GetDouble());
        byte[] joined = [.. events[..^1].SelectMany(e => e.GetProperty("audio").GetBytesFromBase64())];
        Assert.Equal(audio.Body, joined);
    }

    [Fact]
    public async Task Speech_SseWithIncludeSegments_EachSegmentAnnouncedBeforeItsFirstDelta()
    {
        await Linear16Async(Text);

        var response = await _http.SpeechAsync(new { input = Text, voice = "alloy", stream_format = "sse", include_segments = true });

        var events = Events(response.Text);
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("speech.segment", types[0]);
        Assert.Equal("speech.audio.done", types[^1]);
        var segments = events.Where(e => e.GetProperty("type").GetString() == "speech.segment").ToList();
        Assert.Equal([0, 1], segments.Select(s => s.GetProperty("index").GetInt32()));
        Assert.All(segments, s => Assert.True(s.GetProperty("cached").GetBoolean()));
        Assert.Equal(Text, string.Concat(segments.Select(s => s.GetProperty("text").GetString())));
        var second = types.IndexOf("speech.segment", 1);
        Assert.Equal("speech.audio.delta", types[second - 1]); // the first segment's audio came before the second was announced
        Assert.Equal("speech.audio.delta", types[second + 1]);
        Assert.Equal(2, events[^1].GetProperty("summary").GetProperty("segments_total").GetInt32());
    }

    [Fact]
    public async Task Speech_SpeedTwo_ClearlyShorterThanSpeedOne()
    {
        const string text = "Twice as fast should take about half as long to say.";
        var normal = await _http.SpeechAsync(new { input = text, voice = "alloy", response_format = "pcm", speed = 1.0 });
        var fast = await _http.SpeechAsync(new { input = text, voice = "alloy", response_format = "pcm", speed = 2.0 });

        Assert.Equal((200, 200), (normal.Status, fast.Status));
        var ratio = Spoken(fast.Body) / Spoken(normal.Body);
        output.WriteLine($"speech at speed 2 / speed 1: {ratio:F3}");
        Assert.InRange(ratio, 0.35, 0.75);
    }

    [Fact]
    public async Task Speech_VoiceAsAnIdObjectOrAnEngineId_Accepted()
    {
        var asObject = await _http.SpeechAsync(new { input = "Voice as an object.", voice = new { id = "espeak:en-gb" }, response_format = "pcm" });
        var asId = await _http.SpeechAsync(new { input = "Voice as an id.", voice = "espeak:en-gb", response_format = "pcm" });

        Assert.Equal((200, "espeak:en-gb"), (asObject.Status, asObject.Header("x-tts-voice")));
        Assert.Equal((200, "espeak:en-gb"), (asId.Status, asId.Header("x-tts-voice")));
    }

    /// <summary>The seconds of the render that are speech (frames within 40 dB of the loudest), so leading and trailing silence do not count.</summary>
    private static double Spoken(byte[] pcm16)
    {
        var samples = AudioAnalysis.Pcm16(pcm16);
        const int frame = 240; // 10 ms at 24 kHz
        var energies = Enumerable.Range(0, samples.Length / frame)
            .Select(f => samples.AsSpan(f * frame, frame).ToArray().Average(s => (double)s * s)).ToList();
        var loudest = energies.Max();
        return energies.Count(e => e > loudest * 1e-4) * 0.01;
    }

    private static List<JsonElement> Events(string body)
    {
        var events = new List<JsonElement>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.StartsWith("data: ", block, StringComparison.Ordinal);
            events.Add(JsonDocument.Parse(block["data: ".Length..]).RootElement.Clone());
        }

        return events;
    }

    private static byte[] AsBytes(short[] pcm)
    {
        var bytes = new byte[pcm.Length * 2];
        Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>The gRPC LINEAR16 render at 24 kHz (which caches the masters the HTTP requests then hit).</summary>
    private async Task<short[]> Linear16Async(string text)
    {
        var call = await SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(server.Channel), new SynthesizeRequest
        {
            Text = text, Format = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHz = 24000 },
        });
        return AudioAnalysis.Pcm16(call.Audio);
    }
}
