using Microsoft.ML.OnnxRuntime;

namespace TtsGrpc.Core.Engines.Internal;

/// <summary>How the engines open ONNX Runtime sessions: the same CPU options everywhere, CUDA when asked and it loads.</summary>
internal static class OnnxSessions
{
    public const string Cpu = "CPU";
    public const string Cuda = "CUDA";

    /// <summary>What every session starts from (the benchmarks open their bare sessions with it too).</summary>
    public static SessionOptions CpuOptions(int intraOpThreads) => new()
    {
        IntraOpNumThreads = intraOpThreads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    /// <summary>
    /// Opens <paramref name="path"/>; with <paramref name="tryCuda"/>, on ONNX Runtime's CUDA execution provider
    /// (cuDNN's heuristic algorithm search, not a benchmark per input length) when it loads. When CUDA does not load
    /// but the CPU does, <paramref name="cudaFailed"/> gets the reason and the session runs on the CPU; a model that
    /// loads nowhere throws the CPU's <see cref="OnnxRuntimeException"/> and says nothing of CUDA.
    /// </summary>
    public static (InferenceSession Session, string Provider) Open(string path, int intraOpThreads, bool tryCuda, Action<string> cudaFailed)
    {
        string? cudaProblem = null;
        if (tryCuda)
        {
            using var options = CpuOptions(intraOpThreads);
            cudaProblem = TryAddCuda(options);
            if (cudaProblem is null)
            {
                try
                {
                    return (new InferenceSession(path, options), Cuda);
                }
                catch (OnnxRuntimeException e)
                {
                    cudaProblem = e.Message.Trim();
                }
            }
        }

        using var cpu = CpuOptions(intraOpThreads);
        var session = new InferenceSession(path, cpu);
        if (cudaProblem is not null)
        {
            cudaFailed(cudaProblem);
        }

        return (session, Cpu);
    }

    /// <summary>Adds the CUDA execution provider; the reason when it cannot (a CPU-only ONNX Runtime, no CUDA or cuDNN libraries).</summary>
    private static string? TryAddCuda(SessionOptions options)
    {
        try
        {
            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(new Dictionary<string, string> { ["device_id"] = "0", ["cudnn_conv_algo_search"] = "HEURISTIC" });
            options.AppendExecutionProvider_CUDA(cuda);
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            return e.Message.Trim();
        }
    }
}
