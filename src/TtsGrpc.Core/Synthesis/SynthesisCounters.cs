namespace TtsGrpc.Core.Synthesis;

/// <summary>Process-wide counters of the synthesis path (engine calls are what caching saves).</summary>
public sealed class SynthesisCounters
{
    private long _engineCalls;
    private long _engineCallsPending;

    public long EngineCalls => Interlocked.Read(ref _engineCalls);

    /// <summary>Segments queued for or inside the engine (and the voice render after it) now.</summary>
    public long EngineCallsPending => Interlocked.Read(ref _engineCallsPending);

    internal void EngineCallStarted()
    {
        Interlocked.Increment(ref _engineCalls);
        Interlocked.Increment(ref _engineCallsPending);
    }

    internal void EngineCallEnded() => Interlocked.Decrement(ref _engineCallsPending);
}
