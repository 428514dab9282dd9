using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Core.Engines.OpenAI;

/// <summary>
/// The remote engine ("Tts:Engines:OpenAI" in configuration): an OpenAI-compatible speech server whose voices are
/// served as <c>openai:&lt;voice&gt;</c>; without a BaseUrl there are no such voices.
/// </summary>
public sealed class OpenAiOptions : IValidatableObject
{
    public const string Section = "Tts:Engines:OpenAI";

    /// <summary>The API root the speech and voice paths are under (<c>http://host:8880/v1</c>); empty: the engine is off.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Sent as <c>Authorization: Bearer</c>; empty: no authorization header.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The <c>model</c> of every speech request; part of the cache key.</summary>
    [Required]
    public string Model { get; set; } = "tts-1";

    /// <summary>The upstream's voices; empty: fetched from <c>{BaseUrl}/audio/voices</c> at start and when a name is not known.</summary>
    public List<string> Voices { get; set; } = [];

    /// <summary>Speech requests in flight to the upstream at once, across all calls.</summary>
    [Range(1, 256)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Seconds one try of a speech request may take, answer read included.</summary>
    [Range(1, 3600)]
    public int AttemptTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds a speech request may take in all, its retries and their waits included.</summary>
    [Range(1, 3600)]
    public int TotalTimeoutSeconds { get; set; } = 90;

    /// <summary>Tries after the first for a transient failure (no connection, 5xx, 408, 429, a try that timed out).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The wait before the first retry; doubled for each next one, with jitter. A retry-after header overrides it.</summary>
    [Range(0, 60000)]
    public int RetryDelayMilliseconds { get; set; } = 500;

    /// <summary>The share of failed tries within <see cref="BreakerSamplingSeconds"/> that opens the circuit breaker.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Tries within <see cref="BreakerSamplingSeconds"/> before the breaker may open at all.</summary>
    [Range(2, 10000)]
    public int BreakerMinimumThroughput { get; set; } = 4;

    /// <summary>The window the breaker counts failures over.</summary>
    [Range(1, 3600)]
    public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>
    /// How long an open breaker fails requests at once before one trial request is let through (half-open); a trial
    /// that succeeds closes it.
    /// </summary>
    [Range(1, 3600)]
    public int BreakSeconds { get; set; } = 15;

    /// <summary>Seconds one voice-list fetch may take (it is not retried: the next unknown name fetches again).</summary>
    [Range(1, 300)]
    public int VoiceListTimeoutSeconds { get; set; } = 5;

    /// <summary>The fewest seconds between two voice-list fetches for names not in the list.</summary>
    [Range(0, 86400)]
    public int VoiceListRefreshSeconds { get; set; } = 30;

    /// <summary>Whether the engine is configured at all (a method, so configuration has no key for it).</summary>
    public bool IsEnabled() => !string.IsNullOrWhiteSpace(BaseUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsEnabled() && !(Uri.TryCreate(BaseUrl.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(BaseUrl)} is '{BaseUrl}', which is not an absolute http:// or https:// URL; use the API root of the " +
                "speech server, such as http://127.0.0.1:8880/v1 (or leave it empty to turn the engine off).");
        }

        if (TotalTimeoutSeconds < AttemptTimeoutSeconds)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(TotalTimeoutSeconds)} is {TotalTimeoutSeconds}, less than {Section}:{nameof(AttemptTimeoutSeconds)} " +
                $"({AttemptTimeoutSeconds}); a request's total time must leave room for at least one whole try.");
        }

        if (Voices.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
        {
            yield return new ValidationResult($"{Section}:{nameof(Voices)} has an empty name; list the upstream's voice names, such as af_heart.");
        }
    }
}
