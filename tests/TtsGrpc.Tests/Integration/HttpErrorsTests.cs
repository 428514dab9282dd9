using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server.Services;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Bad requests to the HTTP API get a status and an OpenAI-shaped error naming the field; the server keeps serving.
/// Past the call limit a request is refused with 429 and retry-after.
/// </summary>
public sealed class HttpErrorsTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly HttpSpeech _http = new(server.HttpAddress);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("{\"input\": \"unterminated", null, "not valid JSON")]
    [InlineData("[1, 2]", null, "JSON object")]
    [InlineData("{\"model\":\"tts-1\",\"voice\":\"alloy\"}", "input", "input is missing")]
    [InlineData("{\"input\":\"   \"}", "input", "input is empty")]
    [InlineData("{\"input\":\"Hi.\",\"speed\":0.1}", "speed", "0.25 to 4")]
    [InlineData("{\"input\":\"Hi.\",\"speed\":\"fast\"}", "speed", "number")]
    [InlineData("{\"input\":\"Hi.\",\"response_format\":\"aac\"}", "response_format", "mp3, opus, flac, wav, pcm")]
    [InlineData("{\"input\":\"Hi.\",\"response_format\":\"ogg\"}", "response_format", "'ogg' is unknown")]
    [InlineData("{\"input\":\"Hi.\",\"stream_format\":\"chunks\"}", "stream_format", "audio (the default) or sse")]
    [InlineData("{\"input\":\"Hi.\",\"voice\":42}", "voice", "voice is a JSON number")]
    public async Task Speech_BadRequest_400NamingTheField(string body, string? param, string message)
    {
        var response = await _http.PostAsync(body);

        Assert.Equal(400, response.Status);
        var error = response.Error;
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Speech_InputOverOpenAisLimit_400NamingTheLimit()
    {
        var response = await _http.SpeechAsync(new { model = "tts-1", input = new string('a', 4096) + " b", voice = "alloy" });

        Assert.Equal(400, response.Status);
        Assert.Equal("input", response.Error.GetProperty("param").GetString());
        Assert.Contains("the limit is 4096", response.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Speech_UnknownVoice_404NamingTheVoice()
    {
        var response = await _http.SpeechAsync(new { model = "tts-1", input = "Hello.", voice = "nobody-speaks-this" });

        Assert.Equal(404, response.Status);
        var error = response.Error;
        Assert.Equal("voice", error.GetProperty("param").GetString());
        Assert.Contains("'nobody-speaks-this'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("/v1/audio/voices", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRouteOrMethod_OpenAiShaped404Or405()
    {
        var route = await _http.GetAsync("/v1/audio/transcriptions");
        var method = await _http.GetAsync("/v1/audio/speech");

        Assert.Equal(404, route.Status);
        Assert.Equal("not_found", route.Error.GetProperty("code").GetString());
        Assert.Contains("POST /v1/audio/speech", route.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(405, method.Status);
        Assert.Contains("does not take GET", method.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ports_GrpcNotOnTheHttpPortAndHttpApiNotOnTheGrpcPort()
    {
        using var toHttpPort = GrpcChannel.ForAddress(server.HttpAddress);
        using var h2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        var grpc = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(
            new TextToSpeech.TextToSpeechClient(toHttpPort), new SynthesizeRequest { Text = "Not here." }));
        using var speech = await h2.PostAsync(
            server.Address + "/v1/audio/speech", new StringContent("""{"input":"Not here."}""", System.Text.Encoding.UTF8, "application/json"), Token);

        Assert.NotEqual(StatusCode.OK, grpc.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, speech.StatusCode);
        Assert.Empty(await speech.Content.ReadAsByteArrayAsync(Token));
    }

    [Fact]
    public async Task Speech_PastTheCallLimit_429WithRetryAfter()
    {
        using var directory = new TempDirectory();
        await using var limited = await ServerFixture.StartAsync(directory.Path, "--Tts:Synthesis:MaxConcurrentCalls=1");
        using var http = new HttpSpeech(limited.HttpAddress);
        var client = new TextToSpeech.TextToSpeechClient(limited.Channel);
        var limiter = limited.Services.GetRequiredService<CallLimiter>();

        using (var open = client.StreamingSynthesize(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token))
        {
            // A gRPC call holds the only slot: HTTP and gRPC share one limit.
            await open.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Config = new SynthesizeRequest() }, Token);
            await WaitUntilAsync(() => limiter.Active == 1);

            var refused = await http.SpeechAsync(new { model = "tts-1", input = "Hello.", voice = "alloy" });

            Assert.Equal(429, refused.Status);
            Assert.Equal("1", refused.Header("retry-after"));
            Assert.Equal("rate_limit_error", refused.Error.GetProperty("type").GetString());
            Assert.Contains("limit of 1", refused.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
            await open.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = "Goodbye." }, Token);
            await open.RequestStream.CompleteAsync();
            await foreach (var _ in open.ResponseStream.ReadAllAsync(Token))
            {
            }
        }

        await WaitUntilAsync(() => limiter.Active == 0);
        Assert.Equal(200, (await http.SpeechAsync(new { model = "tts-1", input = "Hello.", voice = "alloy" })).Status);
    }

    private async Task AssertStillServingAsync()
    {
        var response = await _http.SpeechAsync(new { model = "tts-1", input = "Still here.", voice = "alloy", response_format = "pcm" });
        Assert.Equal(200, response.Status);
        Assert.NotEmpty(response.Body);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(20, Token);
        }
    }
}
