using System.Net.Http;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Core.Engines.OpenAI;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// The remote engine against answers a real speech server gives only now and then: a 429 or a 500 once, a server
/// that keeps failing (the breaker opens, then closes once it answers), a body that is not PCM, a refusal with a
/// message. The upstream is <see cref="ScriptedSpeechServer"/>, a loopback Kestrel whose answers each test queues,
/// because these faults cannot be caused on demand in a real server; the TtsGrpc server under test is real.
/// </summary>
public sealed class OpenAiEngineFaultTests : IAsyncLifetime
{
    private const string Voice = "openai:af_heart";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();
    private ScriptedSpeechServer _upstream = null!;
    private ServerFixture? _server;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _upstream = await ScriptedSpeechServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _upstream.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Synthesize_UpstreamAnswers429WithRetryAfter_SucceedsAfterWaitingThatLong()
    {
        var tone = ScriptedSpeechServer.Tone(0.4);
        _upstream.Enqueue(
            ScriptedSpeechServer.Answer.Json(429, """{"error":{"message":"Rate limit reached"}}""", retryAfter: "1"),
            ScriptedSpeechServer.Answer.Audio(tone));
        // No backoff of its own: the only wait before the retry is the one retry-after asks for.
        var client = await StartAsync("--Tts:Engines:OpenAI:RetryDelayMilliseconds=0");

        var call = await SynthesisCall.RunAsync(client, Request("Wait a moment, then speak."));

        Assert.Equal(ScriptedSpeechServer.Bytes(tone), call.Audio);
        Assert.Equal(24000, call.Messages[0].SampleRateHz);
        var requests = _upstream.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"the retry came {requests[1].At - requests[0].At} after the 429");
        Assert.Equal(1, Statistics.Retries);
        Assert.Equal(1, Statistics.Requests);
    }

    [Fact]
    public async Task Synthesize_UpstreamFailsOnceWith500_SucceedsOnTheRetry()
    {
        var tone = ScriptedSpeechServer.Tone(0.3);
        _upstream.Enqueue(ScriptedSpeechServer.Answer.Json(500, """{"detail":"CUDA out of memory"}"""), ScriptedSpeechServer.Answer.Audio(tone));
        var client = await StartAsync();

        var call = await SynthesisCall.RunAsync(client, Request("Second time lucky."));

        Assert.Equal(ScriptedSpeechServer.Bytes(tone), call.Audio);
        Assert.Equal(2, _upstream.Requests.Count);
        Assert.Equal(_upstream.Requests[0].Body.ToString(), _upstream.Requests[1].Body.ToString()); // the same request, sent again
    }

    [Fact]
    public async Task Synthesize_SpeechRequest_AsksForPcmWithTheModelVoiceSpeedAndKey()
    {
        var client = await StartAsync("--Tts:Engines:OpenAI:ApiKey=sk-test-123", "--Tts:Engines:OpenAI:Model=kokoro");

        await SynthesisCall.RunAsync(client, Request("Exactly this text.", speed: 1.25f));

        var sent = Assert.Single(_upstream.Requests);
        Assert.Equal(
            ("kokoro", "af_heart", "Exactly this text.", "pcm", 1.25, "Bearer sk-test-123"),
            (sent.Text("model"), sent.Text("voice"), sent.Text("input"), sent.Text("response_format"), sent.Body.GetProperty("speed").GetDouble(), sent.Authorization));
    }

    [Fact]
    public async Task Synthesize_UpstreamKeepsFailing_BreakerOpensSaysWhyAndClosesWhenItAnswers()
    {
        _upstream.Default = ScriptedSpeechServer.Answer.Json(503, """{"error":{"message":"model is loading"}}""");
        var client = await StartAsync(
            "--Tts:Engines:OpenAI:MaxRetries=0", "--Tts:Engines:OpenAI:BreakerMinimumThroughput=2", "--Tts:Engines:OpenAI:BreakSeconds=2");

        var first = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Request("Failing text one.")));
        Assert.Equal(StatusCode.Unavailable, first.StatusCode);
        Assert.Contains($"The upstream speech server {_upstream.BaseUrl} failed (HTTP 503", first.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("model is loading", first.Status.Detail, StringComparison.Ordinal);

        // Each failed try counts; from the second one on the breaker is open and no request reaches the upstream.
        var open = await PollAsync(client, "Failing text", e => e.Status.Detail.Contains("circuit breaker is open", StringComparison.Ordinal));
        Assert.Equal(StatusCode.Unavailable, open.StatusCode);
        Assert.Contains(_upstream.BaseUrl, open.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("the last: HTTP 503", open.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(UpstreamBreakerState.Open, Statistics.Breaker);
        Assert.True(Statistics.Failures.GetValueOrDefault(UpstreamFailure.BreakerOpen) >= 1);
        Assert.True(_upstream.Requests.Count < Statistics.Requests, "an open breaker sent requests to the upstream");

        // The upstream answers again: after the break a trial request goes through, succeeds, and the breaker closes.
        var tone = ScriptedSpeechServer.Tone(0.2);
        _upstream.Default = ScriptedSpeechServer.Answer.Audio(tone);
        var recovered = await PollUntilSpokenAsync(client, "Back again");
        Assert.Equal(ScriptedSpeechServer.Bytes(tone), recovered.Audio);
        Assert.Equal(UpstreamBreakerState.Closed, Statistics.Breaker);
    }

    [Fact]
    public async Task Synthesize_UpstreamSendsAnOddByteCount_UnavailableAndNothingCached()
    {
        _upstream.Enqueue(new ScriptedSpeechServer.Answer(200, "audio/pcm", new byte[4801]));
        var client = await StartAsync();
        var request = Request("An odd number of bytes.");

        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, request));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(
            $"The upstream speech server {_upstream.BaseUrl} sent no usable audio: its PCM body has 4801 bytes, an odd count, so it is not 16-bit samples; nothing was cached.",
            error.Status.Detail);
        Assert.False(await IsCachedAsync(request));
        var retried = await SynthesisCall.RunAsync(client, request); // the next answer is good audio, and it is a miss
        Assert.Equal(0, retried.Summary.SegmentsCached);
        Assert.True(await IsCachedAsync(request));
    }

    [Fact]
    public async Task Synthesize_UpstreamAnswersAnHtmlPageWith200_UnavailableNamingThePage()
    {
        _upstream.Default = new ScriptedSpeechServer.Answer(
            200, "text/html", "<!DOCTYPE html><html><head><title>Captive portal login</title></head><body>Sign in</body></html>"u8.ToArray());
        var client = await StartAsync();
        var request = Request("Behind a proxy.");

        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, request));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("instead of audio: an HTML page \"Captive portal login\"", error.Status.Detail, StringComparison.Ordinal);
        Assert.False(await IsCachedAsync(request));
    }

    [Fact]
    public async Task Synthesize_UpstreamRefusesTheInputWith400_InvalidArgumentWithItsMessage()
    {
        _upstream.Enqueue(ScriptedSpeechServer.Answer.Json(400, """{"error":{"message":"Input contains unsupported characters","type":"invalid_request_error"}}"""));
        var client = await StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Request("Something it refuses.")));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            $"The upstream speech server {_upstream.BaseUrl} refused the request (HTTP 400 Bad Request: Input contains unsupported characters).",
            error.Status.Detail);
        Assert.Single(_upstream.Requests); // a 400 is not retried
    }

    [Fact]
    public async Task Synthesize_UpstreamHasNoSuchVoice_NotFound()
    {
        _upstream.Enqueue(ScriptedSpeechServer.Answer.Json(404, """{"detail":{"error":"voice_not_found","message":"Voice 'af_heart' not found"}}"""));
        var client = await StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Request("Who speaks?")));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.StartsWith(
            $"The upstream speech server {_upstream.BaseUrl} has no voice 'af_heart' (HTTP 404 Not Found: Voice 'af_heart' not found)",
            error.Status.Detail,
            StringComparison.Ordinal);
    }

    private OpenAiStatistics Statistics => _server!.Services.GetRequiredService<OpenAiEngine>().Statistics;

    private async Task<TextToSpeech.TextToSpeechClient> StartAsync(params string[] settings)
    {
        _server = await ServerFixture.StartAsync(_directory.Path, [$"--Tts:Engines:OpenAI:BaseUrl={_upstream.BaseUrl}", .. settings]);
        return new TextToSpeech.TextToSpeechClient(_server.Channel);
    }

    private static SynthesizeRequest Request(string text, float speed = 0) => new()
    {
        Text = text,
        Voice = Voice,
        Speed = speed,
        Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
    };

    private async Task<bool> IsCachedAsync(SynthesizeRequest request)
    {
        var admin = new CacheAdmin.CacheAdminClient(_server!.Channel);
        var status = await admin.GetCacheStatusAsync(request, deadline: DateTime.UtcNow + Deadline, cancellationToken: Token);
        return Assert.Single(status.Segments).Cached;
    }

    /// <summary>Synthesizes new texts until one fails as <paramref name="wanted"/> says, within a deadline.</summary>
    private static async Task<RpcException> PollAsync(TextToSpeech.TextToSpeechClient client, string text, Func<RpcException, bool> wanted)
    {
        var until = DateTime.UtcNow + Deadline;
        RpcException? last = null;
        for (var i = 0; DateTime.UtcNow < until; i++)
        {
            last = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Request($"{text} {i}.")));
            if (wanted(last))
            {
                return last;
            }
        }

        throw new Xunit.Sdk.XunitException($"No call failed as expected within {Deadline}; the last said: {last?.Status.Detail}");
    }

    /// <summary>Synthesizes new texts until one succeeds, within a deadline (an open breaker fails them until its break ends).</summary>
    private static async Task<SynthesisCall> PollUntilSpokenAsync(TextToSpeech.TextToSpeechClient client, string text)
    {
        var until = DateTime.UtcNow + Deadline;
        RpcException? last = null;
        for (var i = 0; DateTime.UtcNow < until; i++)
        {
            try
            {
                return await SynthesisCall.RunAsync(client, Request($"{text} {i}."));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                last = e;
                await Task.Delay(TimeSpan.FromMilliseconds(200), Token); // pacing between tries, not a synchronization
            }
        }

        throw new Xunit.Sdk.XunitException($"No call succeeded within {Deadline}; the last said: {last?.Status.Detail}");
    }
}
