namespace TtsGrpc.Load.Trace;

/// <summary>What <c>tts-load trace</c> was asked for.</summary>
/// <param name="Distinct">Distinct sentences the trace draws from.</param>
/// <param name="Zipf">The Zipf exponent s.</param>
/// <param name="Requests">Measured requests.</param>
/// <param name="WarmupRequests">Requests of the same trace before measuring (the tiers fill).</param>
/// <param name="Seed">Seed of the trace.</param>
/// <param name="Replicas">Replicas of the local and shared configurations.</param>
/// <param name="MemoryEntries">Segments each of those replicas keeps in memory; the pooled replica keeps Replicas × this.</param>
/// <param name="Clients">Concurrent clients.</param>
/// <param name="Probes">Texts of the tier phase (time to first audio by tier).</param>
/// <param name="ServerDll">TtsGrpc.Server.dll to start.</param>
/// <param name="ServerArgs">Extra arguments for every replica.</param>
internal sealed record TraceSettings(
    int Distinct, double Zipf, int Requests, int WarmupRequests, int Seed, int Replicas, long MemoryEntries, int Clients, int Probes,
    string ServerDll, IReadOnlyList<string> ServerArgs);
