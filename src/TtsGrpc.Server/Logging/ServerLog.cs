using TtsGrpc.Native;

namespace TtsGrpc.Server.Logging;

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Native core {Version}: backend {Backend} ({Description}); requested {Requested}, CUDA kernels compiled: {CudaCompiled}, CUDA devices: {DeviceCount}")]
    public static partial void BackendChosen(
        ILogger logger, Version version, ComputeBackend backend, string description, ComputeBackend requested, bool cudaCompiled, int deviceCount);

    // Auto on the CPU: one line that says why. Warning when a device answered but could not be used (the probe failed).
    [LoggerMessage(EventId = 7, Message = "Native core {Version}: Backend Auto: running on the CPU because {Reason}")]
    public static partial void BackendFellBack(ILogger logger, LogLevel level, Version version, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Engine {Engine} {EngineVersion} ready: {VoiceCount} voices ({Unavailable} unavailable)")]
    public static partial void EngineReady(ILogger logger, string engine, string engineVersion, int voiceCount, int unavailable);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Default voice {DefaultVoice} at {SampleRate} Hz")]
    public static partial void DefaultVoice(ILogger logger, string defaultVoice, int sampleRate);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Refused {Method}: {Code} {Detail}")]
    public static partial void Refused(ILogger logger, string method, Grpc.Core.StatusCode code, string detail);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Method} failed")]
    public static partial void Failed(ILogger logger, string method, Exception exception);

    // Debug: a client that cancels, resets the stream or lets its deadline pass is routine (barge-in, a closed
    // app), not a fault; so is a call the stop timeout cuts off, which the shutdown lines already report.
    [LoggerMessage(EventId = 8, Level = LogLevel.Debug,
        Message = "{Method} ended early: {Code} (cancelled, reset or past its deadline; the call met it as {ExceptionType})")]
    public static partial void EndedByClient(ILogger logger, string method, Grpc.Core.StatusCode code, string exceptionType);

    // Debug: one line per call costs a busy server a tenth of its cache-hit throughput; the metrics
    // endpoint carries the same figures as histograms.
    [LoggerMessage(EventId = 5, Level = LogLevel.Debug,
        Message = "Synthesize: {Segments} segments, {Samples} samples, first audio {FirstAudioMs:F1} ms, total {TotalMs:F1} ms")]
    public static partial void Synthesized(ILogger logger, int segments, long samples, double firstAudioMs, double totalMs);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Preloaded and pinned {Count} created voices; missing: {Missing}")]
    public static partial void VoicesPreloaded(ILogger logger, int count, string missing);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Metrics at {Url}")]
    public static partial void MetricsServed(ILogger logger, string url);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information,
        Message = "Stopping: no new calls; calls in flight: {Active}, given up to {TimeoutSeconds} s to finish")]
    public static partial void Stopping(ILogger logger, int active, int timeoutSeconds);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "Stopped: {Queued} queued cache writes drained, store closed")]
    public static partial void Stopped(ILogger logger, long queued);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning,
        Message = "Calls still running after the stop timeout of {TimeoutSeconds} s were cancelled (Tts:Shutdown:TimeoutSeconds)")]
    public static partial void StopTimedOut(ILogger logger, int timeoutSeconds);
}
