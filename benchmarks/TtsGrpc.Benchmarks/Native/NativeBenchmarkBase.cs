using BenchmarkDotNet.Attributes;
using TtsGrpc.Native;

namespace TtsGrpc.Benchmarks.Native;

/// <summary>
/// Set-up shared by the native-core suites: one <see cref="AudioCore"/> per case on the backend under
/// test. CUDA cases exist only where a CUDA device answers, so the suites run unchanged on CPU-only hosts.
/// </summary>
public abstract class NativeBenchmarkBase
{
    private AudioCore? _core;

    [ParamsSource(nameof(Backends))]
    public ComputeBackend Backend { get; set; }

    protected AudioCore Core => _core ?? throw new InvalidOperationException("GlobalSetup has not run.");

    public static IEnumerable<ComputeBackend> Backends()
    {
        yield return ComputeBackend.Cpu;
        if (CudaDeviceCount() > 0)
        {
            yield return ComputeBackend.Cuda;
        }
    }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _core = AudioCore.Create(Backend);
        Prepare();
    }

    [GlobalCleanup]
    public void GlobalCleanup() => _core?.Dispose();

    /// <summary>Builds the inputs of a case; <see cref="Core"/> is ready.</summary>
    protected abstract void Prepare();

    // Runs while BenchmarkDotNet lists the cases, before any of them runs: a missing library or driver must
    // not stop the listing (the CPU case then reports the loader's message when it sets up).
    private static int CudaDeviceCount()
    {
        try
        {
            return AudioCore.CudaDeviceCount;
        }
        catch (Exception e) when (e is NativeException or DllNotFoundException)
        {
            return 0;
        }
    }
}
