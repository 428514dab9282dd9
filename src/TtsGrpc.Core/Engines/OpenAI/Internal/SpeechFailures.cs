using System.Globalization;
using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace TtsGrpc.Core.Engines.OpenAI.Internal;

/// <summary>
/// What a failed speech request tells the caller: a <see cref="TtsException"/> that names the upstream and the reason,
/// with the kind a client can act on (UNAVAILABLE for what a retry later may cure, INVALID_ARGUMENT for input the
/// upstream refused, NOT_FOUND for a voice it does not have), and the reason label of its failure metric.
/// </summary>
internal static class SpeechFailures
{
    /// <summary>A failure: what the caller gets, its metric reason, and a short account of it for later messages.</summary>
    public sealed record Failure(TtsException Error, string Reason, string Detail);

    private const string KeySetting = "Tts:Engines:OpenAI:ApiKey";
    private const string CachedStillServe = "segments already cached are still served";

    public static Failure FromStatus(
        OpenAiUpstream upstream, HttpStatusCode status, string? phrase, byte[] body, string? mediaType, string voice)
    {
        var code = (int)status;
        var said = $"HTTP {code}{(string.IsNullOrWhiteSpace(phrase) ? "" : " " + phrase.Trim())}: {ErrorBody.Reason(body, mediaType)}";
        var (error, reason) = code switch
        {
            404 => (new TtsException(
                TtsErrorKind.NotFound,
                $"The upstream speech server {upstream} has no voice '{voice}' ({said}); call ListVoices for its voices, or check " +
                "Tts:Engines:OpenAI:BaseUrl if it has no speech endpoint there."), UpstreamFailure.NotFound),
            401 or 403 => (new TtsException(
                TtsErrorKind.FailedPrecondition,
                $"The upstream speech server {upstream} refused this server's credentials ({said}); set {KeySetting} to a key it accepts."),
                UpstreamFailure.Rejected),
            429 => (new TtsException(
                TtsErrorKind.Unavailable,
                $"The upstream speech server {upstream} is limiting requests ({said}) and still was after the retries; {CachedStillServe}, retry later."),
                UpstreamFailure.RateLimited),
            408 or >= 500 => (new TtsException(
                TtsErrorKind.Unavailable, $"The upstream speech server {upstream} failed ({said}) and still did after the retries; {CachedStillServe}, retry later."),
                UpstreamFailure.ServerError),
            _ => (new TtsException(TtsErrorKind.InvalidArgument, $"The upstream speech server {upstream} refused the request ({said})."), UpstreamFailure.Rejected),
        };
        return new Failure(error, reason, said);
    }

    public static Failure BadAudio(OpenAiUpstream upstream, FormatException e) => new(
        new TtsException(TtsErrorKind.Unavailable, $"The upstream speech server {upstream} sent no usable audio: {e.Message}; nothing was cached."),
        UpstreamFailure.BadAudio,
        e.Message);

    /// <summary>A failure before an answer came, or null when <paramref name="e"/> is none of those (the caller cancelled, a bug).</summary>
    public static Failure? FromException(
        OpenAiUpstream upstream, Exception e, OpenAiStatistics statistics, string? lastFailure, CancellationToken cancellationToken)
    {
        switch (e)
        {
            case BrokenCircuitException:
                var last = lastFailure is null ? "" : $" (the last: {lastFailure})";
                return new Failure(
                    new TtsException(
                        TtsErrorKind.Unavailable,
                        $"The upstream speech server {upstream} is not being asked: its circuit breaker is open after repeated failures{last}" +
                        $"{Remaining(statistics)}; {CachedStillServe}."),
                    UpstreamFailure.BreakerOpen,
                    "circuit breaker open");
            case TimeoutRejectedException timeout:
                var within = string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.Timeout.TotalSeconds:0.#} s");
                return new Failure(
                    new TtsException(TtsErrorKind.Unavailable, $"The upstream speech server {upstream} timed out ({within}); {CachedStillServe}."),
                    UpstreamFailure.Timeout,
                    within);
            case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                return new Failure(
                    new TtsException(TtsErrorKind.Unavailable, $"The upstream speech server {upstream} timed out (no answer in time); {CachedStillServe}."),
                    UpstreamFailure.Timeout,
                    "no answer in time");
            case HttpRequestException or IOException:
                var reason = Innermost(e);
                return new Failure(
                    new TtsException(
                        TtsErrorKind.Unavailable, $"The upstream speech server {upstream} cannot be reached ({reason}); {CachedStillServe}, retry when it is back."),
                    UpstreamFailure.Unreachable,
                    reason);
            default:
                return null;
        }
    }

    private static string Remaining(OpenAiStatistics statistics)
    {
        var left = statistics.BreakerOpenUntil - DateTimeOffset.UtcNow;
        return left > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"; it tries again in {Math.Ceiling(left.TotalSeconds):0} s")
            : "; it tries again with the next request";
    }

    /// <summary>"Connection refused (127.0.0.1:5000)" rather than .NET's outer "An error occurred while sending the request."</summary>
    private static string Innermost(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                message = inner.Message;
            }
        }

        return message.TrimEnd('.');
    }
}
