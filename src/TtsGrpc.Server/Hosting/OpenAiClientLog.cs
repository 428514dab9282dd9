namespace TtsGrpc.Server.Hosting;

internal static partial class OpenAiClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The circuit breaker of the upstream speech server {Upstream} opened for {Seconds:0.#} s: {Reason}")]
    public static partial void BreakerOpened(ILogger logger, string upstream, double seconds, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "The circuit breaker of the upstream speech server {Upstream} is closed again: it answers")]
    public static partial void BreakerClosed(ILogger logger, string upstream);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Retrying a speech request to {Upstream} in {Milliseconds:0} ms (retry {Attempt}): {Reason}")]
    public static partial void Retrying(ILogger logger, string upstream, double milliseconds, int attempt, string reason);
}
