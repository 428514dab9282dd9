using Microsoft.Extensions.Logging;

namespace TtsGrpc.Core.Engines.Piper;

internal static partial class PiperLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Voice {Voice} is unavailable: {Reason}")]
    public static partial void BadVoice(ILogger logger, string voice, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Loaded Piper voice {Voice} ({Provider}) in {Milliseconds:F0} ms")]
    public static partial void Loaded(ILogger logger, string voice, string provider, double milliseconds);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Unloaded Piper voice {Voice} (more than Tts:Engines:Piper:MaxLoadedVoices loaded)")]
    public static partial void Unloaded(ILogger logger, string voice);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Piper voices run on the CPU: ONNX Runtime's CUDA execution provider did not load ({Reason})")]
    public static partial void CudaUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Debug, Message = "Voice {Voice}: {Count} phonemes have no id in its phoneme_id_map and were skipped")]
    public static partial void SkippedPhonemes(ILogger logger, string voice, int count);
}
