using System.Text;
using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Every kind of bad Synthesize input gets its documented status (docs/bad-input.md), stores
/// nothing, and leaves the server serving; texts that only look odd are valid and spoken. The class
/// has a server of its own, so the cache counters move only with its calls.
/// </summary>
public sealed partial class BadInputTests(PrivateServer own) : IClassFixture<PrivateServer>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly TextToSpeech.TextToSpeechClient _client = new(own.Server.Channel);
    private readonly CacheAdmin.CacheAdminClient _admin = new(own.Server.Channel);

    public static TheoryData<string, SynthesizeRequest, StatusCode, string> Cases => new()
    {
        { "empty text", new SynthesizeRequest { Text = "" }, StatusCode.InvalidArgument, "empty" },
        { "whitespace text", new SynthesizeRequest { Text = " \t\n\u00a0\u2003 " }, StatusCode.InvalidArgument, "whitespace" },
        { "control characters only", new SynthesizeRequest { Text = "\u0000\u0001\u0007\u001b\u007f\u0085" }, StatusCode.InvalidArgument, "nothing to speak" },
        { "replacement characters only", new SynthesizeRequest { Text = "\ufffd \ufffd" }, StatusCode.InvalidArgument, "nothing to speak" },
        { "text over the limit", new SynthesizeRequest { Text = new string('a', 100_001) }, StatusCode.InvalidArgument, "limit is 100000" },
        { "one megabyte of text", new SynthesizeRequest { Text = Words(1 << 20) }, StatusCode.InvalidArgument, "limit is 100000" },
        { "text over the message size limit", new SynthesizeRequest { Text = new string('a', 9 << 20) }, StatusCode.ResourceExhausted, "message" },
        { "unknown voice", new SynthesizeRequest { Text = "Hi.", Voice = "klingon-warrior" }, StatusCode.NotFound, "klingon-warrior" },
        { "voice named like a path", new SynthesizeRequest { Text = "Hi.", Voice = "../../etc/passwd" }, StatusCode.NotFound, "../../etc/passwd" },
        { "created voice that never existed", new SynthesizeRequest { Text = "Hi.", Voice = "voice_000000000000000000000000" }, StatusCode.NotFound, "voice_000000000000000000000000" },
        { "unknown language", new SynthesizeRequest { Text = "Hi.", Language = "xx-nowhere" }, StatusCode.NotFound, "xx-nowhere" },
        { "unsupported rate", Request(AudioEncoding.Linear16, 12345), StatusCode.InvalidArgument, "12345" },
        { "rate above every supported one", Request(AudioEncoding.Wav, 96000), StatusCode.InvalidArgument, "96000" },
        { "negative rate", Request(AudioEncoding.Linear16, -8000), StatusCode.InvalidArgument, "-8000" },
        { "largest int rate", Request(AudioEncoding.Float32, int.MaxValue), StatusCode.InvalidArgument, "2147483647" },
        { "smallest int rate", Request(AudioEncoding.Mulaw, int.MinValue), StatusCode.InvalidArgument, "-2147483648" },
        { "unknown encoding", Request((AudioEncoding)99, 0), StatusCode.InvalidArgument, "encoding 99" },
        { "negative encoding", Request((AudioEncoding)(-1), 0), StatusCode.InvalidArgument, "encoding -1" },
        { "unknown cache mode", new SynthesizeRequest { Text = "Hi.", CacheMode = (CacheMode)9 }, StatusCode.InvalidArgument, "Cache mode 9" },
        { "speed too high", new SynthesizeRequest { Text = "Hi.", Speed = 5 }, StatusCode.InvalidArgument, "speed" },
        { "speed too low", new SynthesizeRequest { Text = "Hi.", Speed = 0.1f }, StatusCode.InvalidArgument, "speed" },
        { "negative speed", new SynthesizeRequest { Text = "Hi.", Speed = -1 }, StatusCode.InvalidArgument, "speed" },
        { "NaN speed", new SynthesizeRequest { Text = "Hi.", Speed = float.NaN }, StatusCode.InvalidArgument, "speed" },
        { "infinite speed", new SynthesizeRequest { Text = "Hi.", Speed = float.PositiveInfinity }, StatusCode.InvalidArgument, "speed" },
        { "negative infinite speed", new SynthesizeRequest { Text = "Hi.", Speed = float.NegativeInfinity }, StatusCode.InvalidArgument, "speed" },
        { "largest float speed", new SynthesizeRequest { Text = "Hi.", Speed = float.MaxValue }, StatusCode.InvalidArgument, "speed" },
        { "pitch too high", new SynthesizeRequest { Text = "Hi.", PitchSemitones = 12.5f }, StatusCode.InvalidArgument, "pitch_semitones" },
        { "pitch too low", new SynthesizeRequest { Text = "Hi.", PitchSemitones = -13 }, StatusCode.InvalidArgument, "pitch_semitones" },
        { "NaN pitch", new SynthesizeRequest { Text = "Hi.", PitchSemitones = float.NaN }, StatusCode.InvalidArgument, "pitch_semitones" },
        { "infinite pitch", new SynthesizeRequest { Text = "Hi.", PitchSemitones = float.NegativeInfinity }, StatusCode.InvalidArgument, "pitch_semitones" },
        { "exaggeration above 1", new SynthesizeRequest { Text = "Hi.", Exaggeration = 2 }, StatusCode.InvalidArgument, "exaggeration" },
        { "negative exaggeration", new SynthesizeRequest { Text = "Hi.", Exaggeration = -0.5f }, StatusCode.InvalidArgument, "exaggeration" },
        { "NaN exaggeration", new SynthesizeRequest { Text = "Hi.", Exaggeration = float.NaN }, StatusCode.InvalidArgument, "exaggeration" },
        { "infinite exaggeration", new SynthesizeRequest { Text = "Hi.", Exaggeration = float.PositiveInfinity }, StatusCode.InvalidArgument, "exaggeration" },
        { "exaggeration for an engine voice", new SynthesizeRequest { Text = "Hi.", Voice = "en-us", Exaggeration = 0.5f }, StatusCode.InvalidArgument, "created voice" },
        { "cached-only text never spoken", new SynthesizeRequest { Text = "Never spoken before 5821.", CacheMode = CacheMode.CachedOnly }, StatusCode.FailedPrecondition, "not cached" },
    };

    public static TheoryData<string, SynthesizeRequest> ValidTexts => new()
    {
        { "Mandarin (CJK)", new SynthesizeRequest { Text = "你好，世界。今天天气很好。", Language = "cmn" } },
        { "Japanese (CJK)", new SynthesizeRequest { Text = "こんにちは。元気ですか。", Language = "ja" } },
        { "CJK with the default voice", new SynthesizeRequest { Text = "東京 and 北京." } },
        { "Arabic (right to left)", new SynthesizeRequest { Text = "مرحبا بالعالم. كيف حالك؟", Language = "ar" } },
        { "Hebrew with direction marks", new SynthesizeRequest { Text = "\u200fשלום עולם.\u200f \u202bHello\u202c.", Language = "he" } },
        { "SSML-looking markup", new SynthesizeRequest { Text = "<speak>Hello <break time=\"1s\"/> <emphasis>world</emphasis>.</speak>" } },
        { "numbers only", new SynthesizeRequest { Text = "1234567890" } },
        { "decimals, signs and currency", new SynthesizeRequest { Text = "3.14159 -42 $1,000.50 1e10 50%" } },
        { "emoji among words", new SynthesizeRequest { Text = "Hello 👋 world 🌍." } },
        { "emoji only", new SynthesizeRequest { Text = "😀🎉" } },
        { "control characters between words", new SynthesizeRequest { Text = "Hello\u0000world\u0007 again\u001b." } },
        { "combining marks and joiners", new SynthesizeRequest { Text = "Cafe\u0301, na\u00efve, 👩\u200d💻 a\u200bb." } },
        { "one word longer than a segment", new SynthesizeRequest { Text = string.Concat(Enumerable.Repeat("ab", 200)) } },
        { "replacement character among words", new SynthesizeRequest { Text = "Hello \ufffd world." } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Synthesize_BadInput_GetsItsStatusStoresNothingAndTheServerKeepsServing(
        string name, SynthesizeRequest request, StatusCode expected, string messagePart)
    {
        var before = await EntriesAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(_client, request));

        Assert.True(expected == error.StatusCode, $"{name}: got {error.StatusCode} '{error.Status.Detail}'");
        Assert.Contains(messagePart, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await EntriesAsync());
        await AssertStillServesAsync();
    }

    [Theory]
    [MemberData(nameof(ValidTexts))]
    public async Task Synthesize_OddButValidText_IsSpokenWhole(string name, SynthesizeRequest request)
    {
        var call = await SynthesisCall.RunAsync(_client, request);

        Assert.True(call.Audio.Length > 4000, $"{name}: {call.Audio.Length} bytes of audio");
        Assert.Equal(request.Text, string.Concat(call.Messages.Select(m => m.SegmentText)));
        var status = await _admin.GetCacheStatusAsync(request, cancellationToken: Token);
        Assert.All(status.Segments, s => Assert.True(s.Cached, $"{name}: segment {s.Index} '{s.Text}' was not stored"));
    }

    /// <summary>
    /// A text field that is not valid UTF-8 (here a UTF-16 lone surrogate written as UTF-8, ED A0 80) or
    /// a message that is not protobuf at all fails in the protobuf parser, before the service runs.
    /// </summary>
    [Theory]
    [InlineData("lone surrogate among words", new byte[] { 0x0A, 17, 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x20, 0xED, 0xA0, 0x80, 0x20, 0x77, 0x6F, 0x72, 0x6C, 0x64, 0x2E, 0x20 })]
    [InlineData("invalid UTF-8 only", new byte[] { 0x0A, 7, 0xED, 0xA0, 0x80, 0xFF, 0xFE, 0xC0, 0xAF })]
    [InlineData("truncated field", new byte[] { 0x0A, 100, 0x61, 0x62, 0x63 })]
    public async Task Synthesize_RequestBytesTheParserRefuses_AreInvalidArgumentStoreNothingAndTheServerKeepsServing(string name, byte[] request)
    {
        var before = await EntriesAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => RawSynthesize.RunAsync(own.Server.Channel, request));

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{name}: got {error.StatusCode} '{error.Status.Detail}'");
        Assert.Contains("SynthesizeRequest message could not be parsed", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await EntriesAsync());
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Synthesize_RawBytesOfValidUtf8_AreSpokenLikeTheGeneratedClientsRequest()
    {
        var text = "Raw bytes 👋 work.";

        var raw = await RawSynthesize.RunAsync(own.Server.Channel, RawSynthesize.WithTextBytes(Encoding.UTF8.GetBytes(text)));
        var generated = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text });

        Assert.Equal(text, raw.Messages[0].SegmentText);
        Assert.Equal(generated.Audio, raw.Audio);
    }

    /// <summary>Entries in both tiers; GetCacheStats waits for queued disk writes, so the numbers are settled.</summary>
    private async Task<(long Memory, long Disk)> EntriesAsync()
    {
        var stats = await _admin.GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
        return (stats.Memory.Entries, stats.Disk.Entries);
    }

    private async Task AssertStillServesAsync()
    {
        var after = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = "Fine." });
        Assert.NotEmpty(after.Audio);
    }

    private static SynthesizeRequest Request(AudioEncoding encoding, int rate) =>
        new() { Text = "Hi.", Format = new AudioFormat { Encoding = encoding, SampleRateHz = rate } };

    private static string Words(int length)
    {
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append("Words go on. ");
        }

        return text.ToString(0, length);
    }
}
