namespace TtsGrpc.Load;

/// <summary>How one load run behaves.</summary>
/// <param name="Clients">Concurrent clients, each making one call after another.</param>
/// <param name="Connections">HTTP/2 connections the clients share (round robin).</param>
/// <param name="Duration">Measured time.</param>
/// <param name="Warmup">Time before measuring, calls made but not counted.</param>
/// <param name="UncachedFraction">Share of calls whose text no server has seen (they miss).</param>
/// <param name="ReadDelay">Pause after each received message: a slow reader.</param>
/// <param name="StreamingFraction">Share of calls (0..1) made with StreamingSynthesize, text sent a word at a time.</param>
/// <param name="Unary">Call the bare server's unary Fetch instead of Synthesize (the transport floor).</param>
internal sealed record LoadSettings(
    int Clients, int Connections, TimeSpan Duration, TimeSpan Warmup, double UncachedFraction, TimeSpan ReadDelay, double StreamingFraction, bool Unary);
