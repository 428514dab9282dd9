using System.Text.RegularExpressions;
using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>Every call has a request id: the client's x-request-id or a new one, echoed in the response headers and carried by the call's log lines.</summary>
public sealed partial class RequestIdTests(ServerFixture server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Synthesize_ClientSendsARequestId_EchoedAndInTheCallsLogLines()
    {
        var id = "req-" + Guid.NewGuid().ToString("N");

        var echoed = await SynthesizeAsync(new Metadata { { "x-request-id", id } });

        Assert.Equal(id, echoed);
        Assert.Contains(server.Log.Split(Environment.NewLine), line => line.Contains("Synthesize:", StringComparison.Ordinal) && line.Contains("x-request-id:" + id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Synthesize_NoRequestId_OneIsGeneratedEchoedAndLogged()
    {
        var first = await SynthesizeAsync([]);
        var second = await SynthesizeAsync([]);

        Assert.Matches(GeneratedId(), first);
        Assert.NotEqual(first, second);
        Assert.Contains(server.Log.Split(Environment.NewLine), line => line.Contains("Synthesize:", StringComparison.Ordinal) && line.Contains("x-request-id:" + first, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Synthesize_RequestIdWithOddCharactersAndTooLong_SanitizedAndCut()
    {
        var sent = "a b\"c{d}=e" + new string('x', 500);

        var echoed = await SynthesizeAsync(new Metadata { { "x-request-id", sent } });

        Assert.Equal("abcde" + new string('x', 59), echoed);
    }

    [Fact]
    public async Task GetVoice_RefusedCall_StillEchoesTheRequestId()
    {
        var client = new Voices.VoicesClient(server.Channel);
        using var call = client.GetVoiceAsync(
            new GetVoiceRequest { Id = "voice_missing" }, new Metadata { { "x-request-id", "refused-call-1" } }, DateTime.UtcNow.AddSeconds(30), Token);

        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        var headers = await call.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Equal("refused-call-1", headers.GetValue("x-request-id"));
    }

    /// <summary>Runs one Synthesize with <paramref name="headers"/> to the end and returns the x-request-id the server answered with.</summary>
    private async Task<string?> SynthesizeAsync(Metadata headers)
    {
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        using var call = client.Synthesize(new SynthesizeRequest { Text = "Which request was this?" }, headers, DateTime.UtcNow.AddSeconds(60), Token);
        var response = await call.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(60), Token);
        await foreach (var _ in call.ResponseStream.ReadAllAsync(Token))
        {
        }

        return response.GetValue("x-request-id");
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex GeneratedId();
}
