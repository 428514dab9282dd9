using System.Globalization;
using System.Text;

namespace TtsGrpc.Load;

/// <summary>Prints runs as one markdown table, side by side, with ratios to the first row.</summary>
internal static class Report
{
    public static string Table(IReadOnlyList<(string Name, LoadResult Result)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| target | calls | calls/s | MB/s | first audio p50 / p95 / p99 (ms) | call p50 (ms) | errors | server RSS start / peak / end, first → last quarter median (MB) | server CPU (cores) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, r) in rows)
        {
            var errors = r.Errors.Count == 0 ? "0" : string.Join(", ", r.Errors.Select(e => $"{e.Key}: {e.Value}"));
            var rss = r.Server is { } m ? $"{Mb(m.Start)} / {Mb(m.Peak)} / {Mb(m.End)}, {Mb(m.FirstQuarterMedian)} → {Mb(m.LastQuarterMedian)}" : "-";
            var cpu = r.Server is { } p ? (p.CpuSeconds / r.Measured.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture) : "-";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {r.Calls.Count} | {r.CallsPerSecond:F0} | {r.MegabytesPerSecond:F1} | " +
                $"{r.FirstAudioPercentile(50):F3} / {r.FirstAudioPercentile(95):F3} / {r.FirstAudioPercentile(99):F3} | " +
                $"{r.TotalPercentile(50):F3} | {errors} | {rss} | {cpu} |");
        }

        text.AppendLine();
        // Each row against the first row of its round (names end in " #N" when there are several rounds).
        foreach (var round in rows.GroupBy(r => r.Name.Contains(" #", StringComparison.Ordinal) ? r.Name[r.Name.LastIndexOf(" #", StringComparison.Ordinal)..] : ""))
        {
            var (baseName, b) = round.First();
            foreach (var (name, r) in round.Skip(1))
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{name} vs {baseName}: throughput {r.CallsPerSecond / b.CallsPerSecond:P0}, " +
                    $"first audio p50 {r.FirstAudioPercentile(50) / b.FirstAudioPercentile(50):F2}x, " +
                    $"p99 {r.FirstAudioPercentile(99) / b.FirstAudioPercentile(99):F2}x");
            }
        }

        return text.ToString();
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);
}
