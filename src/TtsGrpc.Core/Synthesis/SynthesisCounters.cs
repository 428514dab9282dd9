namespace TtsGrpc.Core.Synthesis;

/// <summary>Process-wide counters of the synthesis path (engine calls are what caching saves).</summary>
public sealed class SynthesisCounters
{
    private long _engineCalls;

    public long EngineCalls => Interlocked.Read(ref _engineCalls);

    internal void CountEngineCall() => Interlocked.Increment(ref _engineCalls);
}
