namespace TtsGrpc.Server.Http;

internal static partial class HttpLog
{
    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "OpenAI-compatible HTTP API listening on {Urls} (POST /v1/audio/speech)")]
    public static partial void Listening(ILogger logger, string urls);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "OpenAI-compatible HTTP API off (Tts:Http:Urls is empty)")]
    public static partial void Off(ILogger logger);

    [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "Refused {Route}: {Status} {Detail}")]
    public static partial void Refused(ILogger logger, string route, int status, string detail);

    [LoggerMessage(EventId = 63, Level = LogLevel.Error, Message = "{Route} failed")]
    public static partial void Failed(ILogger logger, string route, Exception exception);

    // The status line went out with the first audio bytes; the client sees the body end early.
    [LoggerMessage(EventId = 64, Level = LogLevel.Warning, Message = "{Route} failed after its first audio bytes were sent; the response was aborted: {Detail}")]
    public static partial void AbortedMidStream(ILogger logger, string route, string detail, Exception exception);

    [LoggerMessage(EventId = 65, Level = LogLevel.Debug, Message = "{Route}: the client left before the response ended ({Exception})")]
    public static partial void ClientLeft(ILogger logger, string route, string exception);

    [LoggerMessage(EventId = 66, Level = LogLevel.Debug,
        Message = "{Route}: {Segments} segments, {Samples} samples, voice {Voice}, format {Format}, first audio {FirstAudioMs:F1} ms, total {TotalMs:F1} ms")]
    public static partial void Synthesized(ILogger logger, string route, int segments, long samples, string voice, string format, double firstAudioMs, double totalMs);
}
