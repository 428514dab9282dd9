using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Unit;

/// <summary>
/// How the ONNX engines fall back to the CPU. The ONNX Runtime package this project builds with by default has no
/// CUDA execution provider, which is exactly the failure a server without CUDA libraries meets.
/// </summary>
public sealed class OnnxSessionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public OnnxSessionsTests() => Directory.CreateDirectory(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Open_CudaAskedButItDoesNotLoad_RunsOnTheCpuAndSaysWhyOnce()
    {
        var model = PiperStandIns.Write(_directory.Path, "en_US-cpu-medium");
        var reasons = new List<string>();

        var (session, provider) = OnnxSessions.Open(model, 1, tryCuda: true, reasons.Add);
        using (session)
        {
            Assert.Equal(OnnxSessions.Cpu, provider);
            Assert.Contains("input", session.InputMetadata.Keys);
        }

        var reason = Assert.Single(reasons);
        Assert.Contains("CUDA", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Open_BrokenModelWithCudaAsked_ThrowsTheCpuErrorAndBlamesNothingOnCuda()
    {
        var model = Path.Combine(_directory.Path, "broken.onnx");
        File.WriteAllText(model, "not a model");
        var reasons = new List<string>();

        Assert.Throws<OnnxRuntimeException>(() => OnnxSessions.Open(model, 1, tryCuda: true, reasons.Add));

        Assert.Empty(reasons);
    }
}
