using TtsGrpc.Native;

namespace TtsGrpc.Tests.Support;

/// <summary>Whether this machine runs the native core on CUDA, asked the way the server asks (Backend=Auto).</summary>
public static class CudaHost
{
    /// <summary>The environment switch that makes the native core's CUDA probe kernel fail (native/include/ttsnative.h).</summary>
    public const string ProbeFailVariable = "TTS_CUDA_PROBE_FAIL";

    private static readonly Lazy<string?> Reason = new(() =>
    {
        using var core = AudioCore.Create(ComputeBackend.Auto);
        return core.FallbackReason;
    });

    /// <summary>Why Auto runs on the CPU here (null when it runs on CUDA): the skip reason of GPU tests.</summary>
    public static string? WhyNot => Reason.Value;

    public static bool Usable => WhyNot is null;

    /// <summary>A CUDA device answers, so the probe runs (whether or not it passes).</summary>
    public static bool DeviceAnswers => AudioCore.CudaCompiled && AudioCore.CudaDeviceCount > 0;
}
