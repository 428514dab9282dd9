namespace TtsGrpc.Core.Engines.OpenAI;

/// <summary>Why a speech request to the upstream failed: the <c>reason</c> label of its failure metric.</summary>
public static class UpstreamFailure
{
    /// <summary>No connection, or it broke before an answer came.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>A try, or the request with its retries, ran out of time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The circuit breaker was open: the request was not sent.</summary>
    public const string BreakerOpen = "breaker_open";

    /// <summary>429 after the retries.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>5xx after the retries.</summary>
    public const string ServerError = "server_error";

    /// <summary>404: the upstream has no such voice (or no speech endpoint at that path).</summary>
    public const string NotFound = "not_found";

    /// <summary>Another 4xx: the upstream refused the request (bad input, a key it does not accept).</summary>
    public const string Rejected = "rejected";

    /// <summary>A 2xx whose body is not 16-bit PCM (an odd byte count, a page, another format).</summary>
    public const string BadAudio = "bad_audio";
}
