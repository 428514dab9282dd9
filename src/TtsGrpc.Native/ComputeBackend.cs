namespace TtsGrpc.Native;

/// <summary>Where the native core runs its kernels. Values match TTS_BACKEND_*.</summary>
public enum ComputeBackend
{
    /// <summary>CUDA when a device answers, otherwise CPU.</summary>
    Auto = 0,
    Cpu = 1,
    Cuda = 2,
}
