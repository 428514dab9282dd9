namespace TtsGrpc.Core.Synthesis;

/// <summary>Totals of one call, sent with its last message.</summary>
public sealed record SynthesisSummary(
    int SegmentsTotal, int SegmentsCached, long AudioSamples, double SynthesisMilliseconds, double FirstAudioMilliseconds);
