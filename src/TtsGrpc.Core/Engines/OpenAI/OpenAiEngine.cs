using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Core.Engines.OpenAI.Internal;

namespace TtsGrpc.Core.Engines.OpenAI;

/// <summary>
/// A remote engine: each segment is one <c>POST {BaseUrl}/audio/speech</c> to an OpenAI-compatible server
/// (Kokoro-FastAPI, vLLM-Omni, a hosted API, another TtsGrpc) asking for raw 24 kHz PCM at the request's speed, at
/// most MaxConcurrentRequests at once; a pitch shift is applied here (the API has none). The upstream's host, port
/// and model are in <see cref="Id"/>, so its audio never mixes with another's in the cache. Retries, timeouts and
/// the circuit breaker live on the named HttpClient (<see cref="OpenAiUpstream.SpeechClient"/>), set up by the host.
/// </summary>
public sealed class OpenAiEngine : ISpeechEngine, IDisposable
{
    private const string Prefix = "openai:";

    private const string Untimed =
        "the upstream speech server answers with audio only (OpenAI's speech API has no word timings)";

    private readonly OpenAiOptions _options;
    private readonly IHttpClientFactory _http;
    private readonly UpstreamVoices _voices;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _logger;
    private volatile string? _lastFailure;

    public OpenAiEngine(IOptions<OpenAiOptions> options, IHttpClientFactory http, OpenAiStatistics statistics, ILogger<OpenAiEngine> logger)
    {
        _options = options.Value;
        _http = http;
        _logger = logger;
        Statistics = statistics;
        Upstream = new OpenAiUpstream(_options.BaseUrl, _options.Model);
        _slots = new SemaphoreSlim(_options.MaxConcurrentRequests, _options.MaxConcurrentRequests);
        _voices = new UpstreamVoices(
            Upstream, _options.Voices, _options.ApiKey, http, TimeSpan.FromSeconds(_options.VoiceListTimeoutSeconds),
            TimeSpan.FromSeconds(_options.VoiceListRefreshSeconds), TimeProvider.System, logger);
    }

    public string Id => Upstream.EngineId;

    public string Name => "openai";

    /// <summary>Bump when what is asked of the upstream, or done to its answer here, changes the audio.</summary>
    public string Version => "speech pcm 24k 1";

    public OpenAiUpstream Upstream { get; }

    public OpenAiStatistics Statistics { get; }

    public IReadOnlyList<EngineVoice> Voices => [.. _voices.Current.Select(ToVoice)];

    /// <summary>
    /// Fetches the upstream's voice list (unless Voices are configured), for at most VoiceListTimeoutSeconds; an
    /// upstream that is down is logged and leaves the list to be fetched later, never fails the start.
    /// </summary>
    public Task LoadVoicesAsync(CancellationToken cancellationToken) => _voices.RefreshAsync(cancellationToken);

    /// <summary>A voice of the list; any name while the list cannot be fetched (<see cref="UpstreamVoices"/>).</summary>
    public EngineVoice? Find(string name) =>
        string.IsNullOrWhiteSpace(name) ? null : _voices.Find(name.Trim()) is { } voice ? ToVoice(voice) : null;

    /// <summary>Every text of the batch at once (up to MaxConcurrentRequests in flight), in order.</summary>
    public async Task<IReadOnlyList<SpokenClip>> SynthesizeAsync(
        IReadOnlyList<string> texts, EngineVoice voice, Prosody prosody, CancellationToken cancellationToken) =>
        await Task.WhenAll(texts.Select(text => SpeakAsync(text, voice, prosody, cancellationToken)));

    public void Dispose() => _slots.Dispose();

    private async Task<SpokenClip> SpeakAsync(string text, EngineVoice voice, Prosody prosody, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SpokenClip([]); // the API refuses empty input; nothing is said anyway
        }

        short[] pcm;
        await _slots.WaitAsync(cancellationToken);
        try
        {
            pcm = await RequestAsync(text, voice.EngineKey, prosody.Speed, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }

        if (prosody.PitchSemitones != 0)
        {
            pcm = SonicNative.ShiftPitch(pcm, SpeechBody.SampleRate, prosody.PitchSemitones);
        }

        return new SpokenClip(pcm);
    }

    private async Task<short[]> RequestAsync(string text, string voice, float speed, CancellationToken cancellationToken)
    {
        Statistics.RequestStarted();
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Upstream.SpeechUrl)
            {
                Content = new ByteArrayContent(SpeechRequestJson.Write(Upstream.Model, voice, text, speed))
                {
                    Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
                },
            };
            if (_options.ApiKey.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
            }

            using var response = await _http.CreateClient(OpenAiUpstream.SpeechClient).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!response.IsSuccessStatusCode)
            {
                throw Failed(SpeechFailures.FromStatus(Upstream, response.StatusCode, response.ReasonPhrase, body, mediaType, voice), started);
            }

            short[] pcm;
            try
            {
                pcm = SpeechBody.ToPcm(body, mediaType);
            }
            catch (FormatException e)
            {
                throw Failed(SpeechFailures.BadAudio(Upstream, e), started);
            }

            _lastFailure = null;
            Statistics.Ended(Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
            return pcm;
        }
        catch (Exception e) when (e is not TtsException && SpeechFailures.FromException(Upstream, e, Statistics, _lastFailure, cancellationToken) is { } failure)
        {
            throw Failed(failure, started);
        }
    }

    /// <summary>Counts and logs a failure, and keeps a transient one's account for the breaker's message; returns the exception to throw.</summary>
    private TtsException Failed(SpeechFailures.Failure failure, long started)
    {
        if (failure.Reason is UpstreamFailure.Unreachable or UpstreamFailure.Timeout or UpstreamFailure.ServerError or UpstreamFailure.RateLimited)
        {
            _lastFailure = failure.Detail;
        }

        Statistics.Ended(Stopwatch.GetElapsedTime(started).TotalMilliseconds, failure.Reason);
        OpenAiLog.RequestFailed(_logger, Upstream.ToString(), failure.Reason, failure.Error.Message);
        return failure.Error;
    }

    private EngineVoice ToVoice(OpenAiVoice voice) =>
        new(Prefix + voice.Id, voice.Name, "", [], "", voice.Id)
        {
            Engine = Name,
            SampleRate = SpeechBody.SampleRate,
            UntimedReason = Untimed,
        };
}
