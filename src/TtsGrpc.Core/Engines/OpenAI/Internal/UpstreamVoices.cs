using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace TtsGrpc.Core.Engines.OpenAI.Internal;

/// <summary>
/// The upstream's voices: the configured list, else the one <c>{BaseUrl}/audio/voices</c> answered with. The list is
/// fetched at start and again for a name it does not hold (at most once per refresh interval, one fetch shared by
/// every caller). While no fetch has succeeded, or the latest one failed, any name is accepted: cached segments of
/// that voice still serve, and on a miss the upstream's own answer (404, 400) says whether the voice exists.
/// </summary>
internal sealed class UpstreamVoices
{
    private readonly OpenAiUpstream _upstream;
    private readonly IHttpClientFactory _http;
    private readonly string _apiKey;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<OpenAiVoice>? _configured;
    private volatile Snapshot _snapshot = new(null, Failed: true, long.MinValue);
    private Task? _fetch;

    public UpstreamVoices(
        OpenAiUpstream upstream, IReadOnlyList<string> configured, string apiKey, IHttpClientFactory http, TimeSpan timeout,
        TimeSpan refreshInterval, TimeProvider time, ILogger logger)
    {
        _upstream = upstream;
        _http = http;
        _apiKey = apiKey;
        _timeout = timeout;
        _refreshInterval = refreshInterval;
        _time = time;
        _logger = logger;
        if (configured.Count > 0)
        {
            _configured = [.. configured.Select(v => v.Trim()).Distinct(StringComparer.Ordinal).Select(v => new OpenAiVoice(v, v))];
            OpenAiLog.VoicesConfigured(_logger, _upstream.ToString(), _configured.Count);
        }
    }

    /// <summary>The voices known now: the configured ones, or those of the last successful fetch (none before one).</summary>
    public IReadOnlyList<OpenAiVoice> Current => _configured ?? _snapshot.Voices ?? [];

    /// <summary>
    /// The voice named <paramref name="name"/> (the list's own spelling when only the case differs); null when the
    /// list is known and does not hold it; a voice of that name when the list cannot be had.
    /// </summary>
    public OpenAiVoice? Find(string name)
    {
        if (Lookup(Current, name) is { } known)
        {
            return known;
        }

        if (_configured is not null)
        {
            return null;
        }

        if (IsDue())
        {
            // Rare (a name not in the list, once per interval) and bounded by the fetch's timeout: waited for here,
            // because a voice just added upstream should be found by the request that first names it.
            try
            {
                RefreshAsync(CancellationToken.None).Wait(_timeout + TimeSpan.FromSeconds(1));
            }
            catch (AggregateException)
            {
                // RefreshAsync records its own failures; the snapshot below says what is known.
            }
        }

        var snapshot = _snapshot;
        return Lookup(snapshot.Voices ?? [], name) ?? (snapshot.Failed ? new OpenAiVoice(name, name) : null);
    }

    /// <summary>Fetches the list unless one is configured; one fetch at a time, later callers share it.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_configured is not null)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_fetch is { IsCompleted: false })
            {
                return _fetch;
            }

            _snapshot = _snapshot with { AttemptTicks = _time.GetTimestamp() };
            return _fetch = FetchAsync(cancellationToken);
        }
    }

    /// <summary>Whether no fetch has been tried within the refresh interval (a fetch in flight counts as tried).</summary>
    public bool IsDue() =>
        _snapshot.AttemptTicks == long.MinValue || _time.GetElapsedTime(_snapshot.AttemptTicks) >= _refreshInterval;

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        var url = _upstream.VoicesUrl;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (_apiKey.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            using var response = await _http.CreateClient(OpenAiUpstream.VoicesClient).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var hint = response.StatusCode == HttpStatusCode.NotFound ? " (this server has no voice list)" : "";
                Failed(url, $"HTTP {(int)response.StatusCode}{hint}: {ErrorBody.Reason(body, response.Content.Headers.ContentType?.MediaType)}");
                return;
            }

            var voices = VoiceListJson.Parse(body);
            _snapshot = _snapshot with { Voices = voices, Failed = false };
            OpenAiLog.VoicesFetched(_logger, _upstream.ToString(), voices.Count, url.ToString());
        }
        catch (FormatException e)
        {
            Failed(url, "the answer is not a voice list: " + e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(url, string.Create(CultureInfo.InvariantCulture, $"no answer within {_timeout.TotalSeconds:0.#} s"));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Failed(url, e.Message);
        }
    }

    private void Failed(Uri url, string reason)
    {
        _snapshot = _snapshot with { Failed = true };
        OpenAiLog.VoicesUnavailable(_logger, _upstream.ToString(), url.ToString(), reason);
    }

    private static OpenAiVoice? Lookup(IReadOnlyList<OpenAiVoice> voices, string name) =>
        voices.FirstOrDefault(v => v.Id.Equals(name, StringComparison.Ordinal))
        ?? voices.FirstOrDefault(v => v.Id.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The last list fetched (null before one succeeded), whether the latest fetch failed, and when one was last started.
    /// </summary>
    private sealed record Snapshot(IReadOnlyList<OpenAiVoice>? Voices, bool Failed, long AttemptTicks);
}
