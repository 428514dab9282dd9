using System.CommandLine;
using System.Globalization;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary><c>tts cache stats</c>: counters of the memory and disk tiers side by side.</summary>
internal static class CacheStatsCommand
{
    private static readonly string[] ByteUnits = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static Command Create()
    {
        var command = new Command("stats", "Show hits, misses, sizes and evictions of both cache tiers.");
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken) =>
        await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new CacheAdmin.CacheAdminClient(channel);
            var stats = await client.GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: cancellationToken);
            var memory = stats.Memory ?? new CacheTierStats();
            var disk = stats.Disk ?? new CacheTierStats();

            // One row per counter and one column per tier, so the tiers compare at a glance.
            string[][] rows =
            [
                ["", "MEMORY", "DISK"],
                Row("hits", memory, disk, t => Count(t.Hits)),
                Row("misses", memory, disk, t => Count(t.Misses)),
                Row("hit ratio", memory, disk, Percent),
                Row("entries", memory, disk, t => Count(t.Entries)),
                Row("raw bytes", memory, disk, t => Bytes(t.RawBytes)),
                Row("stored bytes", memory, disk, t => Bytes(t.StoredBytes)),
                Row("compression", memory, disk, t => t.StoredBytes > 0 ? $"{t.CompressionRatio:0.00}x" : "-"),
                Row("evictions", memory, disk, t => Count(t.Evictions)),
                Row("corrupt", memory, disk, t => Count(t.CorruptEntries)),
                Row("in-flight dedupes", memory, disk, t => Count(t.InflightDedupes)),
                ["write failures", "-", Count(disk.WriteFailures)],
            ];
            await TextTable.WriteAsync(Console.Out, rows, 1, 2);
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

    private static string[] Row(string name, CacheTierStats memory, CacheTierStats disk, Func<CacheTierStats, string> format) =>
        [name, format(memory), format(disk)];

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
