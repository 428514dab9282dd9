using Microsoft.Extensions.Logging;

namespace TtsGrpc.Storage.Internal;

internal static partial class SharedStoreLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Shared cache tier connected to {Servers}")]
    public static partial void Up(ILogger logger, string servers);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Shared cache tier on {Servers} is unavailable ({Reason}); serving from the local tiers and synthesis until it answers again")]
    public static partial void Down(ILogger logger, string servers, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "Corrupt shared value {Key} ({Error}, {Length} bytes); it is deleted and the segment made again")]
    public static partial void CorruptValue(ILogger logger, string key, FrameError error, int length);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "The shared cache tier cannot connect to {Servers}; it stays off")]
    public static partial void ConnectFailed(ILogger logger, string servers, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Audio for {Key} cannot be framed for the shared tier; not shared")]
    public static partial void InvalidAudio(ILogger logger, string key, Exception exception);
}
