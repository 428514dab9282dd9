namespace TtsGrpc.Core.Voices;

/// <summary>Counters of the voice cache.</summary>
public sealed record VoiceStatistics(
    long Hits, long Misses, long Loads, double LoadMilliseconds, long Evictions, long Analyses, int InMemory, int Pinned)
{
    /// <summary>Stored voice records found damaged since start; each was removed and never served.</summary>
    public long Corrupt { get; init; }
}
