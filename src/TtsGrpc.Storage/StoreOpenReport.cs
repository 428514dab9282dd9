namespace TtsGrpc.Storage;

/// <summary>
/// How the store opened and what it found, against the entry counts it recorded last time
/// (<see cref="ExpectedSegments"/>, <see cref="ExpectedVoices"/>: null when there was no record to read).
/// </summary>
public sealed record StoreOpenReport(
    StoreMode Mode,
    StoreRecovery Recovery,
    string? Problem,
    string? DamagedCopy,
    long? ExpectedSegments,
    long? ExpectedVoices,
    bool LastShutdownClean,
    long Segments,
    long Voices)
{
    /// <summary>
    /// Created voices the last record counted and the store no longer holds; null when that cannot be known (the
    /// store was repaired or replaced and its record was lost with it). 0 for a new store.
    /// </summary>
    public long? VoicesLost => ExpectedVoices is { } expected
        ? Math.Max(0, expected - Voices)
        : Recovery == StoreRecovery.None && Mode != StoreMode.Disabled ? 0 : null;

    /// <summary>Segments the last record counted and the store no longer holds (a cache: they are synthesized again).</summary>
    public long? SegmentsLost => ExpectedSegments is { } expected ? Math.Max(0, expected - Segments) : null;
}
