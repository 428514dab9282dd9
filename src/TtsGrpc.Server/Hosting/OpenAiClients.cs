using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using TtsGrpc.Core.Engines.OpenAI;

namespace TtsGrpc.Server.Hosting;

/// <summary>
/// The HttpClients of <see cref="OpenAiEngine"/>. Speech requests go through, outermost first: a total timeout
/// (TotalTimeoutSeconds, the retries and their waits included), retries of transient failures (no connection, 5xx,
/// 408, 429, a try that timed out) with exponential backoff and jitter, or after the upstream's retry-after, a
/// circuit breaker that stops asking an upstream most of whose recent tries failed (and lets one trial through after
/// BreakSeconds: it closes when that succeeds, so the engine recovers by itself), and a timeout per try. The breaker
/// is inside the retries, so every try counts, and a retry meeting an open breaker fails at once instead of waiting.
/// Each try reads the whole answer (<see cref="ResponseBufferingHandler"/>), so the timeouts and retries cover the
/// body too. The voice list has a client of its own, with no retries: a start with the upstream down should not wait.
/// </summary>
internal static class OpenAiClients
{
    /// <summary>Far above any segment's PCM (a minute of 24 kHz audio is 2.9 MB), low enough that a runaway answer stops.</summary>
    private const long MaxSpeechBytes = 64L << 20;

    private const long MaxVoiceListBytes = 4L << 20;

    public static void Add(IServiceCollection services)
    {
        services.AddHttpClient(OpenAiUpstream.VoicesClient, client =>
        {
            client.Timeout = Timeout.InfiniteTimeSpan; // the engine times each fetch (VoiceListTimeoutSeconds)
            client.MaxResponseContentBufferSize = MaxVoiceListBytes;
        });

        var speech = services.AddHttpClient(OpenAiUpstream.SpeechClient, client =>
        {
            client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts apply instead of HttpClient's 100 s
            client.MaxResponseContentBufferSize = MaxSpeechBytes;
        });
        speech.AddResilienceHandler("openai-speech", (pipeline, context) =>
        {
            var provider = context.ServiceProvider;
            var options = provider.GetRequiredService<IOptions<OpenAiOptions>>().Value;
            var statistics = provider.GetRequiredService<OpenAiStatistics>();
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenAiEngine).FullName!);
            var upstream = new OpenAiUpstream(options.BaseUrl, options.Model).ToString();

            pipeline.AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds));
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    OnRetry = args =>
                    {
                        statistics.Retried();
                        OpenAiClientLog.Retrying(logger, upstream, args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, Describe(args.Outcome));
                        return default;
                    },
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(options.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(options.BreakSeconds),
                OnOpened = args =>
                {
                    statistics.BreakerOpened(args.BreakDuration);
                    OpenAiClientLog.BreakerOpened(logger, upstream, args.BreakDuration.TotalSeconds, Describe(args.Outcome));
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    statistics.BreakerChanged(UpstreamBreakerState.HalfOpen);
                    return default;
                },
                OnClosed = _ =>
                {
                    statistics.BreakerChanged(UpstreamBreakerState.Closed);
                    OpenAiClientLog.BreakerClosed(logger, upstream);
                    return default;
                },
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
        });
        speech.AddHttpMessageHandler(() => new ResponseBufferingHandler(MaxSpeechBytes)); // added after, so inside: each try reads its whole body
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } e ? e.GetType().Name + ": " + e.Message
        : outcome.Result is { } response ? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
        : "no answer";
}
