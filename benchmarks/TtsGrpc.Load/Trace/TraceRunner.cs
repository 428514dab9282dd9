using System.Diagnostics;

namespace TtsGrpc.Load.Trace;

/// <summary>
/// Plays the trace against one configuration's replicas: request i goes to replica i mod R (a round-robin
/// balancer), the clients taking requests in trace order from one counter. The warm-up part runs to its end
/// before the measured part starts, so the tier counters can be read between the two.
/// </summary>
internal static class TraceRunner
{
    /// <param name="afterFill">Run after the first quarter of the warm-up (the shared configuration sizes its Redis there).</param>
    public static async Task<TraceResult> RunAsync(
        TraceConfiguration configuration, TraceReplicas replicas, string[] sentences, int[] trace, TraceSettings settings, RedisServer? redis,
        Func<Task>? afterFill = null)
    {
        Console.WriteLine($"{configuration.Name}: {configuration.Describe()}; {settings.WarmupRequests} warm-up requests");
        var fill = settings.WarmupRequests / 4;
        var warmup = await PlayAsync(replicas, sentences, trace, 0, fill, settings.Clients);
        if (afterFill is not null)
        {
            await afterFill();
        }

        warmup.AddRange(await PlayAsync(replicas, sentences, trace, fill, settings.WarmupRequests - fill, settings.Clients));
        if (warmup.Count(c => c.Failed) is > 0 and var failed)
        {
            Console.WriteLine($"{configuration.Name}: {failed} warm-up requests failed");
        }

        var before = await replicas.StatsAsync();
        Console.WriteLine($"{configuration.Name}: {settings.Requests} measured requests");
        var started = Stopwatch.GetTimestamp();
        var calls = await PlayAsync(replicas, sentences, trace, settings.WarmupRequests, settings.Requests, settings.Clients);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = await replicas.StatsAsync();

        RedisFigures? figures = null;
        if (redis is not null)
        {
            var info = await redis.InfoAsync();
            figures = new RedisFigures(
                await redis.KeysAsync(), long.Parse(info["evicted_keys"], System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(info["used_memory"], System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(info["maxmemory"], System.Globalization.CultureInfo.InvariantCulture));
        }

        var result = new TraceResult(
            configuration, calls, elapsed,
            after.Zip(before).Sum(p => p.First.Memory.Hits - p.Second.Memory.Hits),
            after.Zip(before).Sum(p => p.First.Disk.Hits - p.Second.Disk.Hits),
            after.Average(s => (double)s.Disk.Entries),
            figures)
        {
            MemoryBytesPerEntry = after.Sum(s => s.Memory.Entries) is > 0 and var n ? after.Sum(s => s.Memory.RawBytes) / n : 0,
            SharedHits = after.Zip(before).Sum(p => (p.First.Shared?.Hits ?? 0) - (p.Second.Shared?.Hits ?? 0)),
            DroppedWrites = after.Zip(before).Sum(p => (p.First.SharedTier?.DroppedWrites ?? 0) - (p.Second.SharedTier?.DroppedWrites ?? 0)),
            LeaseWaits = after.Zip(before).Sum(p => (p.First.SharedTier?.LeaseWaits ?? 0) - (p.Second.SharedTier?.LeaseWaits ?? 0)),
        };
        Console.WriteLine($"{configuration.Name}: hit ratio {result.HitRatio:F4}, {result.Calls.Count(c => c.Failed)} errors, {elapsed.TotalSeconds:F0} s");
        return result;
    }

    private static async Task<List<TraceCall>> PlayAsync(TraceReplicas replicas, string[] sentences, int[] trace, int from, int count, int clients)
    {
        var calls = new TraceCall[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, clients)).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < count; n = Interlocked.Increment(ref next))
            {
                var i = from + n;
                calls[n] = await replicas.SynthesizeAsync(i % replicas.Count, sentences[trace[i]]);
            }
        })));
        return [.. calls];
    }
}
