using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TtsGrpc.Native;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// The backend choice at start, through the real server process: one log line for it, Backend=Cuda refused in one
/// line where CUDA cannot run, Auto on the CPU saying why, and the probe switch (TTS_CUDA_PROBE_FAIL) forcing the
/// fallback. These mean something on any host; the GPU-only halves are in Gpu/CudaBackendChoiceTests.
/// </summary>
public sealed class BackendChoiceTests(ServerFixture server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ServerProcess_BackendCudaWhereCudaCannotRun_ExitsWithCodeOneAndOneLineNamingCuda(bool probeForcedToFail)
    {
        Assert.SkipWhen(!probeForcedToFail && CudaHost.Usable, "CUDA runs on this host, so Backend=Cuda starts here");
        using var directory = new TempDirectory();
        var environment = new Dictionary<string, string>();
        if (probeForcedToFail)
        {
            environment[CudaHost.ProbeFailVariable] = "1";
        }

        var exited = await ServerProcess.RunToExitAsync(directory.Path, environment, "--Tts:Backend=Cuda");

        Assert.Equal(1, exited.ExitCode);
        var line = Assert.Single(exited.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Invalid configuration: Tts:Backend is Cuda, but ", line, StringComparison.Ordinal);
        Assert.Contains("use Auto or Cpu", line, StringComparison.Ordinal);
        if (probeForcedToFail && CudaHost.DeviceAnswers)
        {
            Assert.Contains("the CUDA probe kernel failed on cuda:0 ", line, StringComparison.Ordinal);
            Assert.Contains(CudaHost.ProbeFailVariable, line, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", exited.StandardOutput + exited.StandardError, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task ServerProcess_BackendAuto_OneLineForTheChoiceAndWhyWhenOnTheCpu()
    {
        using var directory = new TempDirectory();

        await using var process = await ServerProcess.StartAsync(directory.Path, "--Tts:Backend=Auto");

        var line = Assert.Single(process.Output.Split('\n'), l => l.Contains("Native core ", StringComparison.Ordinal));
        if (CudaHost.WhyNot is { } reason)
        {
            Assert.Contains($"Backend Auto: running on the CPU because {reason}", line, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("backend Cuda (cuda:0 ", line, StringComparison.Ordinal);
        }

        await AssertServingAsync(process);
    }

    [Fact]
    public async Task ServerProcess_BackendAutoWithTheProbeForcedToFail_StartsOnTheCpuAndSaysWhy()
    {
        using var directory = new TempDirectory();

        await using var process = await ServerProcess.StartAsync(
            directory.Path, new Dictionary<string, string> { [CudaHost.ProbeFailVariable] = "1" }, "--Tts:Backend=Auto");

        var line = Assert.Single(process.Output.Split('\n'), l => l.Contains("Native core ", StringComparison.Ordinal));
        Assert.Contains("Backend Auto: running on the CPU because ", line, StringComparison.Ordinal);
        if (CudaHost.DeviceAnswers)
        {
            Assert.Contains("the CUDA probe kernel failed on cuda:0 ", line, StringComparison.Ordinal);
        }

        await AssertServingAsync(process);
    }

    [Fact]
    public async Task HealthEngineCheck_ReportsTheBackendInUse()
    {
        var core = server.Services.GetRequiredService<AudioCore>();
        var health = server.Services.GetRequiredService<HealthCheckService>();

        var report = await health.CheckHealthAsync(r => r.Name == "engine", Token).WaitAsync(Timeout, Token);

        var engine = report.Entries["engine"];
        Assert.Equal(HealthStatus.Healthy, engine.Status);
        var backend = core.Backend == ComputeBackend.Cuda ? "cuda" : "cpu";
        Assert.Equal(backend, engine.Data["backend"]);
        Assert.Equal(core.Description, engine.Data["device"]);
        Assert.StartsWith($"native core on {backend}", engine.Description, StringComparison.Ordinal);
        if (core.FallbackReason is { } reason)
        {
            Assert.Equal(reason, engine.Data["fallback_reason"]);
        }
    }

    private static async Task AssertServingAsync(ServerProcess process)
    {
        var response = await new Health.HealthClient(process.Channel)
            .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Timeout, cancellationToken: Token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
