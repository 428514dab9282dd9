using Microsoft.Extensions.Logging;

namespace TtsGrpc.Core.Voices;

internal static partial class VoiceLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Created voice {Id} ('{Name}'): F0 median {F0:F1} Hz, {Duration:F1} s of reference audio")]
    public static partial void Created(ILogger logger, string id, string name, float f0, float duration);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Voice {Id} has a profile this version cannot read; it is not served")]
    public static partial void Unreadable(ILogger logger, string id);
}
