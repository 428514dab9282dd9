namespace TtsGrpc.Core.Synthesis;

/// <summary>Totals of one call, sent with its last message.</summary>
public sealed record SynthesisSummary(
    int SegmentsTotal, int SegmentsCached, long AudioSamples, double SynthesisMilliseconds, double FirstAudioMilliseconds)
{
    /// <summary>Why some segments came without the word timestamps the request asked for; empty when none did.</summary>
    public string WordTimestampsUnavailable { get; init; } = "";
}
