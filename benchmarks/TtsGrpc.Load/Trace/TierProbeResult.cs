namespace TtsGrpc.Load.Trace;

/// <summary>Times to first audio (ms) of the tier phase, by the tier that alone could serve each ask.</summary>
internal sealed class TierProbeResult
{
    public List<double> Miss { get; } = [];

    public List<double> Memory { get; } = [];

    public List<double> Store { get; } = [];

    public List<double> Shared { get; } = [];

    /// <summary>Asks whose answer was not the one expected (a hit that missed, or the reverse).</summary>
    public int Unexpected { get; set; }

    public int Errors { get; set; }

    /// <summary>Replica 0's store hits over the phase (GetCacheStats): one per local-store ask when the store served them.</summary>
    public long StoreHitsCounted { get; set; }

    /// <summary>Replica 1's shared-tier hits over the phase: one per shared ask when Redis served them.</summary>
    public long SharedHitsCounted { get; set; }
}
