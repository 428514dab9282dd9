using Microsoft.Extensions.Logging;

namespace TtsGrpc.Core.Engines.Piper;

internal static partial class PiperInstallLog
{
    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Installing Piper voice {Voice} ({Bytes} bytes) from {Url}")]
    public static partial void Installing(ILogger logger, string voice, long bytes, Uri url);

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "Installed Piper voice {Voice} in {Directory}: {Downloaded} bytes downloaded in {Seconds:F1} s{Problem}")]
    public static partial void Installed(ILogger logger, string voice, string directory, long downloaded, double seconds, string problem);

    [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "Kept {Path}: it already matches the voice index, so it was not downloaded again")]
    public static partial void AlreadyInPlace(ILogger logger, string path);

    [LoggerMessage(EventId = 213, Level = LogLevel.Information, Message = "Removed {Path}, left by an install that did not finish")]
    public static partial void RemovedAbandoned(ILogger logger, string path);

    [LoggerMessage(EventId = 214, Level = LogLevel.Debug, Message = "Installing Piper voice {Voice} waits for an install of the same voice to finish")]
    public static partial void Waiting(ILogger logger, string voice);
}
