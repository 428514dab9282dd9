namespace TtsGrpc.Core.Engines.OpenAI;

/// <summary>The upstream's circuit breaker, numbered as its gauge reports it.</summary>
public enum UpstreamBreakerState
{
    /// <summary>Requests go through.</summary>
    Closed = 0,

    /// <summary>Requests fail at once until the break ends.</summary>
    Open = 1,

    /// <summary>The break is over; one trial request decides whether it closes or opens again.</summary>
    HalfOpen = 2,
}
