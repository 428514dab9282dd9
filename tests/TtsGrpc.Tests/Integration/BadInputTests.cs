using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

public sealed class BadInputTests(ServerFixture server)
{
    private readonly TextToSpeech.TextToSpeechClient _client = new(server.Channel);

    public static TheoryData<string, SynthesizeRequest, StatusCode, string> Cases => new()
    {
        { "empty text", new SynthesizeRequest { Text = "" }, StatusCode.InvalidArgument, "empty" },
        { "whitespace text", new SynthesizeRequest { Text = " \t\n " }, StatusCode.InvalidArgument, "whitespace" },
        { "text over the limit", new SynthesizeRequest { Text = new string('a', 100_001) }, StatusCode.InvalidArgument, "limit is 100000" },
        { "unknown voice", new SynthesizeRequest { Text = "Hi.", Voice = "klingon-warrior" }, StatusCode.NotFound, "klingon-warrior" },
        { "unknown language", new SynthesizeRequest { Text = "Hi.", Language = "xx-nowhere" }, StatusCode.NotFound, "xx-nowhere" },
        { "unsupported rate", Request(AudioEncoding.Linear16, 12345), StatusCode.InvalidArgument, "12345" },
        { "negative rate", Request(AudioEncoding.Linear16, -8000), StatusCode.InvalidArgument, "-8000" },
        { "unknown encoding", Request((AudioEncoding)99, 0), StatusCode.InvalidArgument, "encoding 99" },
        { "speed too high", new SynthesizeRequest { Text = "Hi.", Speed = 5 }, StatusCode.InvalidArgument, "speed" },
        { "speed too low", new SynthesizeRequest { Text = "Hi.", Speed = 0.1f }, StatusCode.InvalidArgument, "speed" },
        { "negative speed", new SynthesizeRequest { Text = "Hi.", Speed = -1 }, StatusCode.InvalidArgument, "speed" },
        { "NaN speed", new SynthesizeRequest { Text = "Hi.", Speed = float.NaN }, StatusCode.InvalidArgument, "speed" },
        { "pitch too high", new SynthesizeRequest { Text = "Hi.", PitchSemitones = 12.5f }, StatusCode.InvalidArgument, "pitch_semitones" },
        { "infinite pitch", new SynthesizeRequest { Text = "Hi.", PitchSemitones = float.NegativeInfinity }, StatusCode.InvalidArgument, "pitch_semitones" },
        { "exaggeration above 1", new SynthesizeRequest { Text = "Hi.", Exaggeration = 2 }, StatusCode.InvalidArgument, "exaggeration" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Synthesize_BadInput_GetsItsStatusAndTheServerKeepsServing(
        string name, SynthesizeRequest request, StatusCode expected, string messagePart)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(_client, request));

        Assert.True(expected == error.StatusCode, $"{name}: got {error.StatusCode} '{error.Status.Detail}'");
        Assert.Contains(messagePart, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        var after = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = "Fine." });
        Assert.NotEmpty(after.Audio);
    }

    private static SynthesizeRequest Request(AudioEncoding encoding, int rate) =>
        new() { Text = "Hi.", Format = new AudioFormat { Encoding = encoding, SampleRateHz = rate } };
}
