namespace TtsGrpc.Core.Voices;

/// <summary>Counters of the voice cache.</summary>
public sealed record VoiceStatistics(
    long Hits, long Misses, long Loads, double LoadMilliseconds, long Evictions, long Analyses, int InMemory, int Pinned);
