using TtsGrpc.Core.Audio;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// What the cache needs to serve one segment: its key, how the caller wants the cache used, the format to
/// send, and what to record with a new master (the engine's rate, the engine, the text it read).
/// <paramref name="NeedsWords"/>: the caller wants word timings and the voice can give them, so a master kept
/// without them is made again.
/// </summary>
public sealed record SegmentRequest(
    SegmentKey Key, CacheMode Mode, OutputFormat Format, int EngineRate, string Engine, string Text, bool NeedsWords = false);
