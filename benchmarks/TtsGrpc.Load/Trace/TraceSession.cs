using System.Globalization;

namespace TtsGrpc.Load.Trace;

/// <summary>
/// One invocation of <c>trace</c>: the same trace for every configuration, one configuration's replicas at a
/// time (so they do not share the CPU with another's), then the tier phase on the shared configuration (or,
/// without one, the local one).
/// </summary>
internal static class TraceSession
{
    public static async Task<(string Text, bool Failed)> RunAsync(TraceSettings settings, IReadOnlySet<string> wanted, int maxMemorySamples)
    {
        var sentences = TraceSentences.First(settings.Distinct);
        var probeTexts = Enumerable.Range(settings.Distinct, settings.Probes).Select(TraceSentences.Sentence).ToArray();
        var sampler = new ZipfSampler(settings.Distinct, settings.Zipf, settings.Seed);
        var trace = Enumerable.Range(0, settings.WarmupRequests + settings.Requests).Select(_ => sampler.Next()).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trace: seed {settings.Seed}, {trace.Distinct().Count()} distinct of {settings.Distinct} sentences asked, top sentence {trace.Count(r => r == 0)} times"));

        var results = new List<TraceResult>();
        TierProbeResult? probe = null;
        string? probeOn = null;
        var scratch = Directory.CreateTempSubdirectory("tts-trace-");
        try
        {
            var local = new TraceConfiguration("local", settings.Replicas, settings.MemoryEntries, Shared: false);
            var shared = local with { Name = "shared", Shared = true };
            var pooled = new TraceConfiguration("pooled", 1, settings.Replicas * settings.MemoryEntries, Shared: false);
            foreach (var configuration in new[] { local, shared, pooled }.Where(c => wanted.Contains(c.Name)))
            {
                await using var redis = configuration.Shared ? await StartRedisAsync(settings, results, maxMemorySamples) : null;
                await using var replicas = await TraceReplicas.StartAsync(configuration, settings, scratch.FullName, redis);
                var result = await TraceRunner.RunAsync(
                    configuration, replicas, sentences, trace, settings, redis,
                    redis is null ? null : () => FitRedisAsync(redis, replicas, settings));
                results.Add(result);
                if (result.Errors.Count > 0)
                {
                    Console.WriteLine(replicas.Tails());
                }

                // The tier phase where it can tell the most tiers apart: the shared configuration, else the local one.
                if (settings.Probes > 0 && (configuration.Shared || (configuration == local && !wanted.Contains("shared"))))
                {
                    Console.WriteLine($"{configuration.Name}: tier phase, {settings.Probes} texts");
                    probe = await TierProbe.RunAsync(replicas, probeTexts, redis);
                    probeOn = $"{configuration.Name} configuration";
                }
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        var failed = results.Any(r => r.Errors.Count > 0) || probe is { Errors: > 0 };
        return (TraceReport.Table(settings, results, probe, probeOn), failed);
    }

    /// <summary>
    /// Redis gets the memory of replicas × memory-entries entries: first from an estimate (the local
    /// configuration's bytes per memory entry, or 128 KiB), corrected by <see cref="FitRedisAsync"/>.
    /// </summary>
    private static Task<RedisServer> StartRedisAsync(TraceSettings settings, List<TraceResult> earlier, int maxMemorySamples)
    {
        const long EmptyRedis = 1 << 20;
        var estimate = earlier.FirstOrDefault(r => r.MemoryBytesPerEntry > 0)?.MemoryBytesPerEntry ?? (128L << 10);
        return RedisServer.StartAsync(EmptyRedis + (settings.Replicas * settings.MemoryEntries * estimate), maxMemorySamples, TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Sizes Redis in entries, as the pooled replica is: once the first part of the warm-up has filled it, its
    /// used memory over its key count (values, keys, Redis's own overhead per key and the allocator's
    /// rounding: all of what maxmemory counts) gives the bytes per entry, and maxmemory is set to hold
    /// replicas × memory-entries of them.
    /// </summary>
    private static async Task FitRedisAsync(RedisServer redis, TraceReplicas replicas, TraceSettings settings)
    {
        await replicas.StatsAsync(); // returns once the replicas' queued shared writes are in Redis
        var keys = await redis.KeysAsync();
        var used = long.Parse((await redis.InfoAsync())["used_memory"], CultureInfo.InvariantCulture);
        if (keys == 0)
        {
            throw new InvalidOperationException("the shared configuration wrote nothing to Redis: does this server know Tts:Cache:Redis:Configuration?");
        }

        var perKey = Math.Max(1, (used - redis.EmptyUsedMemory) / keys);
        var target = redis.EmptyUsedMemory + (settings.Replicas * settings.MemoryEntries * perKey);
        await redis.ConfigSetAsync("maxmemory", target.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"shared: Redis holds {keys} keys in {(used - redis.EmptyUsedMemory) / 1048576.0:F1} MB, {perKey} bytes each: maxmemory {target} for {settings.Replicas * settings.MemoryEntries} entries"));
    }
}
