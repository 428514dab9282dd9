namespace TtsGrpc.Load.Trace;

/// <summary>
/// Time to first audio of a hit by the tier that served it. A summary says "cached", not where from, so
/// each probe text (never in the trace) is made so that only one tier can serve each ask: made on replica 0
/// (a miss), asked of replica 0 again (its memory tier), asked of replica 1, which never saw it (with a
/// shared tier: only Redis has it), then asked of replica 0 once more after its memory tier was cleared (its
/// local store: read before Redis, and ClearCache waits for queued store writes). One request at a time, so
/// the figures are the tiers' own and not the queueing of a loaded server.
/// </summary>
internal static class TierProbe
{
    public static async Task<TierProbeResult> RunAsync(TraceReplicas replicas, string[] texts, RedisServer? redis)
    {
        var result = new TierProbeResult();
        var before = await replicas.StatsAsync();
        foreach (var text in texts)
        {
            var made = await replicas.SynthesizeAsync(0, text);
            Sort(result, made, hit: false, result.Miss);
            Sort(result, await replicas.SynthesizeAsync(0, text), hit: true, result.Memory);
            if (redis is not null && replicas.Count > 1)
            {
                // The shared write is write-behind; GetCacheStats returns once the writes queued before it are in Redis.
                await replicas.StatsAsync();

                Sort(result, await replicas.SynthesizeAsync(1, text), hit: true, result.Shared);
            }

            await replicas.ClearMemoryAsync(0);
            Sort(result, await replicas.SynthesizeAsync(0, text), hit: true, result.Store);
        }

        var after = await replicas.StatsAsync();
        result.StoreHitsCounted = after[0].Disk.Hits - before[0].Disk.Hits;
        result.SharedHitsCounted = replicas.Count > 1 && after[1].Shared is { } a && before[1].Shared is { } b ? a.Hits - b.Hits : 0;
        return result;
    }

    private static void Sort(TierProbeResult result, TraceCall call, bool hit, List<double> into)
    {
        if (call.Failed)
        {
            result.Errors++;
        }
        else if (call.Hit == hit)
        {
            into.Add(call.FirstAudioMs);
        }
        else
        {
            result.Unexpected++; // e.g. the Redis write had not landed: replica 1 made it itself
        }
    }
}
