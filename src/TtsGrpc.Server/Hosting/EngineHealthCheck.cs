using Microsoft.Extensions.Diagnostics.HealthChecks;
using TtsGrpc.Core.Audio;

namespace TtsGrpc.Server.Hosting;

/// <summary>
/// The "engine" health check behind grpc.health: healthy once the native core is up, and says where it runs (the
/// backend in use, not the one asked for) and, under Auto on the CPU, why.
/// </summary>
internal sealed class EngineHealthCheck(OutputStage core) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backend = core.BackendName;
        var data = new Dictionary<string, object>
        {
            ["backend"] = backend,
            ["device"] = core.Description,
        };
        if (core.FallbackReason is { } reason)
        {
            data["fallback_reason"] = reason;
        }

        var description = core.FallbackReason is null
            ? $"native core on {backend} ({core.Description})"
            : $"native core on {backend}: {core.FallbackReason}";
        return Task.FromResult(HealthCheckResult.Healthy(description, data));
    }
}
