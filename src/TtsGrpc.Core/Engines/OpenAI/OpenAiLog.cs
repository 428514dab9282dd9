using Microsoft.Extensions.Logging;

namespace TtsGrpc.Core.Engines.OpenAI;

internal static partial class OpenAiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Upstream speech server {Upstream}: {Count} voices listed at {Url}")]
    public static partial void VoicesFetched(ILogger logger, string upstream, int count, string url);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "The voice list of the upstream speech server {Upstream} could not be fetched from {Url}: {Reason}. Any openai: voice name is accepted until it can be (the upstream decides on a miss); set Tts:Engines:OpenAI:Voices to list them instead")]
    public static partial void VoicesUnavailable(ILogger logger, string upstream, string url, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Upstream speech server {Upstream}: {Count} voices from Tts:Engines:OpenAI:Voices")]
    public static partial void VoicesConfigured(ILogger logger, string upstream, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "A speech request to {Upstream} failed ({Reason}): {Message}")]
    public static partial void RequestFailed(ILogger logger, string upstream, string reason, string message);
}
