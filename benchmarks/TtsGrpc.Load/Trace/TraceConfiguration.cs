namespace TtsGrpc.Load.Trace;

/// <summary>One side of the comparison: how many replicas, how many segments each keeps in memory, and whether they share a Redis.</summary>
internal sealed record TraceConfiguration(string Name, int Replicas, long MemoryEntries, bool Shared)
{
    public string Describe() => Shared
        ? $"{Replicas} replicas, {MemoryEntries} entries each in memory, one shared Redis"
        : $"{Replicas} replica{(Replicas == 1 ? "" : "s")}, {MemoryEntries} entries {(Replicas == 1 ? "" : "each ")}in memory, local tiers only";
}
