using Grpc.Core;

namespace TtsGrpc.Server.Security;

/// <summary>Log events of API key checks; keys themselves are never logged.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "API keys: {AdminKeys} admin, {ClientKeys} client; admin calls need {AdminAccess}, synthesis and reads need {ClientAccess}")]
    public static partial void KeysLoaded(ILogger logger, int adminKeys, int clientKeys, string adminAccess, string clientAccess);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Refused {Method} from {Peer}: {Code} {Reason}")]
    public static partial void Refused(ILogger logger, string method, string peer, StatusCode code, string reason);
}
