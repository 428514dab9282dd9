using Microsoft.Extensions.Diagnostics.HealthChecks;
using TtsGrpc.Server.Mapping;
using TtsGrpc.Storage;

namespace TtsGrpc.Server.Hosting;

/// <summary>
/// The "store" health check behind grpc.health: how the store opened. Degraded (still serving) when it is read
/// only or disabled, or when it had to be repaired or replaced; the data says what came back and what was lost.
/// </summary>
internal sealed class StoreHealthCheck(LocalStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = store.OpenReport;
        var stats = ProtoMapper.ToProto(report);
        var data = new Dictionary<string, object>
        {
            ["mode"] = stats.Mode,
            ["recovery"] = stats.Recovery,
            ["segments"] = report.Segments,
            ["voices"] = report.Voices,
            ["voices_lost"] = report.VoicesLost ?? -1,
        };
        if (report.Problem is { } problem)
        {
            data["problem"] = problem;
        }

        if (report.DamagedCopy is { } copy)
        {
            data["damaged_copy"] = copy;
        }

        if (report.Mode == StoreMode.ReadWrite && report.Recovery == StoreRecovery.None && report.VoicesLost is 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"store open, {report.Segments} segments, {report.Voices} voices", data));
        }

        var lost = report.VoicesLost is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "an unknown number of";
        var description = $"store {stats.Mode}, recovery {stats.Recovery}: {report.Voices} voices recovered, {lost} lost" +
            (report.Problem is null ? "" : $" ({report.Problem})");
        return Task.FromResult(HealthCheckResult.Degraded(description, data: data));
    }
}
