using System.Globalization;
using System.Text;

namespace TtsGrpc.Load.Trace;

/// <summary>The configurations side by side, then the tier phase, as markdown.</summary>
internal static class TraceReport
{
    public static string Table(TraceSettings settings, IReadOnlyList<TraceResult> results, TierProbeResult? probe, string? probeOn)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Trace: Zipf s = {settings.Zipf} over {settings.Distinct} distinct sentences, seed {settings.Seed}, " +
            $"{settings.WarmupRequests} warm-up + {settings.Requests} measured requests, {settings.Clients} clients, round-robin over the replicas.");
        text.AppendLine();
        text.AppendLine("| configuration | what it is | hit ratio | hits: memory / local store / shared | first audio, hits p50 / p90 (ms) | first audio, misses p50 / p90 (ms) | errors | 1 MiB store held (entries) | Redis keys / evicted / used MB of max MB; shared writes dropped, lease waits | wall (s) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var errors = r.Errors.Count == 0 ? "0" : string.Join(", ", r.Errors.Select(e => $"{e.Key}: {e.Value}"));
            var redis = r.Redis is { } x
                ? $"{x.Keys} / {x.EvictedKeys} / {TraceReplicas.Mb(x.UsedMemoryBytes)} of {TraceReplicas.Mb(x.MaxMemoryBytes)}; {r.DroppedWrites} writes dropped, {r.LeaseWaits} lease waits"
                : "-";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Configuration.Name} | {r.Configuration.Describe()} | **{r.HitRatio:F4}** ({r.Hits} of {r.Answered}) | " +
                $"{r.MemoryHits} / {r.StoreHits} / {(r.Configuration.Shared ? r.SharedHits.ToString(CultureInfo.InvariantCulture) : "-")} | " +
                $"{r.FirstAudio(true, 50):F2} / {r.FirstAudio(true, 90):F2} | {r.FirstAudio(false, 50):F2} / {r.FirstAudio(false, 90):F2} | " +
                $"{errors} | {r.StoreEntries:F0} | {redis} | {r.Elapsed.TotalSeconds:F0} |");
        }

        if (probe is not null)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Time to first audio by tier ({probeOn}; one request at a time, each ask answerable by one tier only):");
            text.AppendLine();
            text.AppendLine("| served by | asks | first audio p50 / p90 (ms) |");
            text.AppendLine("|---|---|---|");
            Row(text, "synthesis (miss)", probe.Miss);
            Row(text, "memory tier", probe.Memory);
            Row(text, "local store (RocksDB)", probe.Store);
            if (probe.Shared.Count > 0)
            {
                Row(text, "shared tier (Redis)", probe.Shared);
            }

            text.AppendLine();
            var sharedCheck = probe.Shared.Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $", replica 1 {probe.SharedHitsCounted} shared hits for {probe.Shared.Count} shared asks")
                : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Tier phase: {probe.Unexpected} asks answered otherwise than expected, {probe.Errors} errors; " +
                $"replica 0 counted {probe.StoreHitsCounted} store hits for {probe.Store.Count} local-store asks{sharedCheck}.");
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string tier, List<double> values) => text.AppendLine(CultureInfo.InvariantCulture,
        $"| {tier} | {values.Count} | {Percentiles.Of(values, 50):F2} / {Percentiles.Of(values, 90):F2} |");
}
