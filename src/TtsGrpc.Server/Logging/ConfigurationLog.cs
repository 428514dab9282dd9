namespace TtsGrpc.Server.Logging;

internal static partial class ConfigurationLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Setting {Key} is not read by any option and has no effect{Hint}")]
    public static partial void UnknownSetting(ILogger logger, string key, string hint);
}
