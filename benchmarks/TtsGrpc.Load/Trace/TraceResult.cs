namespace TtsGrpc.Load.Trace;

/// <summary>What one configuration measured over the trace's measured requests.</summary>
/// <param name="MemoryHits">Hits the replicas' memory tiers counted (GetCacheStats, measured part only).</param>
/// <param name="StoreHits">Hits their local stores counted.</param>
/// <param name="StoreEntries">Entries the 1 MiB local stores held at the end (mean over the replicas).</param>
/// <param name="Redis">The shared tier's figures at the end, when there was one.</param>
internal sealed record TraceResult(
    TraceConfiguration Configuration, IReadOnlyList<TraceCall> Calls, TimeSpan Elapsed, long MemoryHits, long StoreHits, double StoreEntries,
    RedisFigures? Redis)
{
    /// <summary>PCM bytes per memory-tier entry at the end (the replicas' raw bytes over their entries).</summary>
    public long MemoryBytesPerEntry { get; init; }

    public int Answered => Calls.Count(c => !c.Failed);

    public int Hits => Calls.Count(c => !c.Failed && c.Hit);

    public double HitRatio => Answered == 0 ? double.NaN : (double)Hits / Answered;

    /// <summary>Hits the replicas' shared tiers counted (lookups after a local miss that Redis answered).</summary>
    public long SharedHits { get; init; }

    /// <summary>Shared writes dropped from a full queue, and lookups that waited for another replica's lease.</summary>
    public long DroppedWrites { get; init; }

    public long LeaseWaits { get; init; }

    public IReadOnlyDictionary<string, int> Errors => Calls
        .Where(c => c.Failed)
        .GroupBy(c => c.Error ?? c.Status.ToString())
        .ToDictionary(g => g.Key, g => g.Count());

    public double FirstAudio(bool hit, double percentile) =>
        Percentiles.Of(Calls.Where(c => !c.Failed && c.Hit == hit && c.FirstAudioMs >= 0).Select(c => c.FirstAudioMs), percentile);
}

/// <summary>The Redis of the shared configuration at the end of its trace.</summary>
internal sealed record RedisFigures(long Keys, long EvictedKeys, long UsedMemoryBytes, long MaxMemoryBytes);
