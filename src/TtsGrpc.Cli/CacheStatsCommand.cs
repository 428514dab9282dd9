using System.CommandLine;
using System.Globalization;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary><c>tts cache stats</c>: counters of the memory, disk and (when configured) shared tiers side by side.</summary>
internal static class CacheStatsCommand
{
    private static readonly string[] ByteUnits = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static Command Create()
    {
        var command = new Command("stats", "Show hits, misses, sizes and evictions of the cache tiers (memory, disk, and shared when configured).");
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken) =>
        await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new CacheAdmin.CacheAdminClient(channel);
            var stats = await client.GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: cancellationToken);
            // One row per counter and one column per tier, so the tiers compare at a glance; SHARED only when configured.
            CacheTierStats[] tiers = stats.Shared is { } shared
                ? [stats.Memory ?? new(), stats.Disk ?? new(), shared]
                : [stats.Memory ?? new(), stats.Disk ?? new()];
            string[][] rows =
            [
                ["", "MEMORY", "DISK", .. stats.Shared is null ? Array.Empty<string>() : ["SHARED"]],
                Row("hits", tiers, t => Count(t.Hits)),
                Row("misses", tiers, t => Count(t.Misses)),
                Row("hit ratio", tiers, Percent),
                LocalRow("entries", tiers, t => Count(t.Entries)),
                LocalRow("raw bytes", tiers, t => Bytes(t.RawBytes)),
                LocalRow("stored bytes", tiers, t => Bytes(t.StoredBytes)),
                LocalRow("compression", tiers, t => t.StoredBytes > 0 ? $"{t.CompressionRatio:0.00}x" : "-"),
                LocalRow("evictions", tiers, t => Count(t.Evictions)),
                Row("corrupt", tiers, t => Count(t.CorruptEntries)),
                Row("in-flight dedupes", tiers, t => Count(t.InflightDedupes)),
                ["write failures", "-", .. tiers.Skip(1).Select(t => Count(t.WriteFailures))],
            ];
            await TextTable.WriteAsync(Console.Out, rows, [.. Enumerable.Range(1, tiers.Length)]);
            if (stats.SharedTier is { } tier)
            {
                await Console.Out.WriteLineAsync();
                await TextTable.WriteAsync(Console.Out, SharedRows(tier), 1, 1);
            }

            if (stats.VoicePacks is { } packs)
            {
                await Console.Out.WriteLineAsync();
                await TextTable.WriteAsync(Console.Out, PackRows(packs), 1, 1);
            }

            return 0;
        });

    /// <summary>Kokoro voice packs: one column, since they are one tier (memory in front of the store).</summary>
    private static string[][] PackRows(VoicePackStats packs) =>
    [
        ["", "KOKORO VOICE PACKS"],
        ["voices", Count(packs.Voices)],
        ["hits", Count(packs.Hits)],
        ["misses", Count(packs.Misses)],
        ["read from store", Count(packs.StoreLoads)],
        ["read from file", Count(packs.FileReads)],
        ["blends computed", Count(packs.BlendsComputed)],
        ["in memory", $"{Count(packs.InMemory)} ({Bytes(packs.MemoryBytes)}, {Count(packs.Pinned)} pinned)"],
        ["evictions", Count(packs.Evictions)],
        ["stored", Count(packs.Stored)],
        ["corrupt", Count(packs.Corrupt)],
    ];

    private static string[] Row(string name, CacheTierStats[] tiers, Func<CacheTierStats, string> format) =>
        [name, .. tiers.Select(format)];

    /// <summary>A figure of the local tiers only: the shared server's entries, bytes and evictions are in its own INFO.</summary>
    private static string[] LocalRow(string name, CacheTierStats[] tiers, Func<CacheTierStats, string> format) =>
        [name, format(tiers[0]), format(tiers[1]), .. tiers.Length > 2 ? ["-"] : Array.Empty<string>()];

    /// <summary>The shared tier's connection, leases and faults (Tts:Cache:Redis).</summary>
    private static string[][] SharedRows(SharedTierStats tier) =>
    [
        ["", "SHARED TIER"],
        ["connected", tier.Connected ? "yes" : "no"],
        ["leases taken", Count(tier.LeasesTaken)],
        ["lease waits", $"{Count(tier.LeaseWaits)} ({Count(tier.LeaseWaitTimeouts)} timed out)"],
        ["writes", Count(tier.Writes)],
        ["dropped writes", Count(tier.DroppedWrites)],
        ["too large to share", Count(tier.OversizedValues)],
        ["failed commands", Count(tier.Failures)],
        ["skipped while down", Count(tier.Skipped)],
        ["state changes", Count(tier.StateChanges)],
        ["queued writes", Count(tier.QueuedWrites)],
    ];

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    // No lookups yet means no ratio rather than 0 %.
    private static string Percent(CacheTierStats tier) =>
        tier.Hits + tier.Misses > 0 ? $"{tier.HitRatio * 100:0.0} %" : "-";

    /// <summary>Binary units with one decimal (1.5 KiB); plain bytes below 1 KiB.</summary>
    private static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < ByteUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? $"{bytes} B"
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {ByteUnits[unit]}");
    }
}
