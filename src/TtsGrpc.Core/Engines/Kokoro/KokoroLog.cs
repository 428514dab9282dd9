using Microsoft.Extensions.Logging;

namespace TtsGrpc.Core.Engines.Kokoro;

internal static partial class KokoroLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Kokoro voice packs: {Count} voices from {Files} files in {Path}, {Imported} newly stored")]
    public static partial void PacksImported(ILogger logger, int count, int files, string path, int imported);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Kokoro voice pack file {File} is skipped: {Reason}")]
    public static partial void PackFileRefused(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Kokoro voice {Name} in {File} is skipped: {Other} already has that name")]
    public static partial void DuplicatePack(ILogger logger, string name, string file, string other);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Kokoro voice pack {Name} was missing or damaged in the store; read again from {File}")]
    public static partial void PackReimported(ILogger logger, string name, string file);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Loaded the Kokoro model {Path} ({Provider}) in {Milliseconds:0} ms")]
    public static partial void ModelLoaded(ILogger logger, string path, string provider, double milliseconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "The Kokoro model runs on the CPU: ONNX Runtime's CUDA execution provider did not load ({Reason})")]
    public static partial void CudaUnavailable(ILogger logger, string reason);
}
