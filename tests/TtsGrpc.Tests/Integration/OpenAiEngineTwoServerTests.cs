using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Core.Engines.OpenAI;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// One TtsGrpc in front of another: server A speaks espeak-ng and answers OpenAI's speech API on its HTTP port;
/// server B's remote engine points at A's /v1. B's audio is A's voice, B's cache serves repeats without asking A and
/// keeps serving them while A is down, B says which upstream failed and why for new text, and B speaks new text
/// again once A is back on its port, without a restart (its breaker's trial request closes it).
/// </summary>
public sealed class OpenAiEngineTwoServerTests : IAsyncLifetime
{
    private const string Voice = "espeak:en-us";
    private const string Text = "The upstream speaks this first sentence. And then a second one.";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _aDirectory = new();
    private readonly TempDirectory _bDirectory = new();
    private readonly HttpClient _http = new() { Timeout = Deadline };
    private readonly int _metricsPort = Scrape.FreePort();
    private ServerFixture? _a;
    private ServerFixture _b = null!;
    private int _aPort;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string UpstreamUrl => $"http://127.0.0.1:{_aPort}/v1";

    private OpenAiStatistics Statistics => _b.Services.GetRequiredService<OpenAiEngine>().Statistics;

    public async ValueTask InitializeAsync()
    {
        // Its HTTP API on a fixed free port outside the ephemeral range, so nothing else takes it while A is down.
        _aPort = Scrape.FreePort();
        _a = await ServerFixture.StartAsync(_aDirectory.Path, $"--Tts:Http:Urls=http://127.0.0.1:{_aPort}");
        _b = await ServerFixture.StartAsync(
            _bDirectory.Path,
            $"--Tts:Engines:OpenAI:BaseUrl={UpstreamUrl}",
            "--Tts:Engines:OpenAI:MaxRetries=1",
            "--Tts:Engines:OpenAI:RetryDelayMilliseconds=100",
            "--Tts:Engines:OpenAI:BreakSeconds=1",
            "--Tts:Metrics:Enabled=true",
            $"--Tts:Metrics:Port={_metricsPort}");
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        _http.Dispose();
        _aDirectory.Dispose();
        _bDirectory.Dispose();
    }

    [Fact]
    public async Task Synthesize_ThroughAnotherTtsGrpc_ItsVoiceCachedServedWhileItIsDownAndRecoveredWhenItIsBack()
    {
        var b = new TextToSpeech.TextToSpeechClient(_b.Channel);

        // B speaks with A's voice: the same words at the same length as A's own render.
        var remote = await SynthesisCall.RunAsync(b, Request(Text));
        var own = await SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(_a!.Channel), new SynthesizeRequest
        {
            Text = Text,
            Voice = Voice,
            CacheMode = CacheMode.Bypass, // a fresh render of A's, not the one it made for B
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHz = 24000 },
        });
        var other = await SynthesisCall.RunAsync(b, Request("Entirely different words are spoken here instead."));
        Assert.Equal(24000, remote.Messages[0].SampleRateHz);
        Assert.Equal((2, 0), (remote.Summary.SegmentsTotal, remote.Summary.SegmentsCached));
        var (remotePcm, ownPcm) = (AudioAnalysis.Pcm16(remote.Audio), AudioAnalysis.Pcm16(own.Audio));
        Assert.InRange((double)remotePcm.Length / ownPcm.Length, 0.97, 1.03);
        var same = SpeechContent.Of(remotePcm, 24000).Similarity(SpeechContent.Of(ownPcm, 24000));
        var different = SpeechContent.Of(remotePcm, 24000).Similarity(SpeechContent.Of(AudioAnalysis.Pcm16(other.Audio), 24000));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"samples {remotePcm.Length} (B) / {ownPcm.Length} (A); similarity to A's render {same:F3}, to other words {different:F3}");
        Assert.True(same > 0.8 && same > different + 0.2, $"similarity to A's render {same:F3}, to other words {different:F3}");
        Assert.Equal(3, Statistics.Requests); // a segment each

        // A repeat is B's cache alone: every segment cached, the same bytes, nothing asked of A.
        var repeat = await SynthesisCall.RunAsync(b, Request(Text));
        Assert.Equal((2, 2), (repeat.Summary.SegmentsTotal, repeat.Summary.SegmentsCached));
        Assert.Equal(remote.Audio, repeat.Audio);
        Assert.Equal(3, Statistics.Requests);
        var scrape = await Scrape.ReadAsync(_http, $"http://127.0.0.1:{_metricsPort}/metrics", Token);
        Assert.Equal(3, scrape.Value("tts_openai_requests_total", ("upstream", $"127.0.0.1:{_aPort}")));
        Assert.Equal(3, scrape.Value("tts_openai_request_duration_milliseconds_count", ("upstream", $"127.0.0.1:{_aPort}"), ("outcome", "ok")));
        Assert.Equal(0, scrape.Value("tts_openai_breaker_state", ("upstream", $"127.0.0.1:{_aPort}")));

        // A goes away: what B has cached still plays; new text fails naming A and why.
        await _a.DisposeAsync();
        _a = null;
        var cached = await SynthesisCall.RunAsync(b, Request(Text));
        Assert.Equal((2, 2), (cached.Summary.SegmentsTotal, cached.Summary.SegmentsCached));
        Assert.Equal(remote.Audio, cached.Audio);
        var down = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(b, Request("Nobody is there to say this.")));
        Assert.Equal(StatusCode.Unavailable, down.StatusCode);
        Assert.StartsWith($"The upstream speech server {UpstreamUrl} cannot be reached (Connection refused", down.Status.Detail, StringComparison.Ordinal);
        var failed = await Scrape.ReadAsync(_http, $"http://127.0.0.1:{_metricsPort}/metrics", Token);
        Assert.True(failed.Value("tts_openai_failures_total", ("upstream", $"127.0.0.1:{_aPort}"), ("reason", UpstreamFailure.Unreachable)) >= 1, failed.Text);
        Assert.True(failed.Value("tts_openai_retries_total", ("upstream", $"127.0.0.1:{_aPort}")) >= 1, failed.Text);

        // A is back on the same port: B speaks new text again by itself.
        _a = await ServerFixture.StartAsync(_aDirectory.Path, $"--Tts:Http:Urls=http://127.0.0.1:{_aPort}");
        var back = await PollUntilSpokenAsync(b, "A is back to say this.");
        Assert.Equal((1, 0), (back.Summary.SegmentsTotal, back.Summary.SegmentsCached));
        Assert.NotEmpty(back.Audio);
        Assert.Equal(UpstreamBreakerState.Closed, Statistics.Breaker);
    }

    private static SynthesizeRequest Request(string text) => new()
    {
        Text = text,
        Voice = "openai:" + Voice,
        Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
    };

    /// <summary>Synthesizes <paramref name="text"/> until it succeeds, within a deadline (B's breaker may be open until its break ends).</summary>
    private static async Task<SynthesisCall> PollUntilSpokenAsync(TextToSpeech.TextToSpeechClient client, string text)
    {
        var until = DateTime.UtcNow + Deadline;
        RpcException? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                return await SynthesisCall.RunAsync(client, Request(text));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                last = e;
                await Task.Delay(TimeSpan.FromMilliseconds(200), Token); // pacing between tries, not a synchronization
            }
        }

        throw new Xunit.Sdk.XunitException($"B did not speak within {Deadline} of A's restart; its last answer: {last?.Status.Detail}");
    }
}
