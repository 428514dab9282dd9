using System.Collections.Concurrent;

namespace TtsGrpc.Core.Engines.OpenAI;

/// <summary>
/// What the remote engine has asked of its upstream since start: speech requests (one per segment, however many
/// tries it took), retries, failures by reason, and the circuit breaker's state, which the resilience pipeline
/// reports here. The server's metrics read it; <see cref="RequestEnded"/> feeds their latency histogram.
/// </summary>
public sealed class OpenAiStatistics
{
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private long _requests;
    private long _retries;
    private int _breaker;
    private long _openUntilTicks;

    /// <summary>Raised as each speech request ends, on the thread that ran it.</summary>
    public event EventHandler<OpenAiRequestEnded>? RequestEnded;

    public long Requests => Interlocked.Read(ref _requests);

    public long Retries => Interlocked.Read(ref _retries);

    public UpstreamBreakerState Breaker => (UpstreamBreakerState)Volatile.Read(ref _breaker);

    /// <summary>When the breaker's current break ends (a time in the past once it is not open).</summary>
    public DateTimeOffset BreakerOpenUntil => new(Interlocked.Read(ref _openUntilTicks), TimeSpan.Zero);

    /// <summary>Failed requests by <see cref="UpstreamFailure"/> reason (only reasons seen so far).</summary>
    public IReadOnlyDictionary<string, long> Failures => new Dictionary<string, long>(_failures, StringComparer.Ordinal);

    public void RequestStarted() => Interlocked.Increment(ref _requests);

    public void Ended(double milliseconds, string? failure)
    {
        if (failure is not null)
        {
            _failures.AddOrUpdate(failure, 1, (_, count) => count + 1);
        }

        RequestEnded?.Invoke(this, new OpenAiRequestEnded(milliseconds, failure));
    }

    public void Retried() => Interlocked.Increment(ref _retries);

    public void BreakerChanged(UpstreamBreakerState state) => Volatile.Write(ref _breaker, (int)state);

    /// <summary>The breaker opened for <paramref name="duration"/>.</summary>
    public void BreakerOpened(TimeSpan duration)
    {
        Interlocked.Exchange(ref _openUntilTicks, (DateTimeOffset.UtcNow + duration).UtcTicks);
        BreakerChanged(UpstreamBreakerState.Open);
    }
}
