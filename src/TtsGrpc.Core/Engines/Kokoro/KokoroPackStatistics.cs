namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>Kokoro voice packs since start: the in-memory LRU (pinned packs included), what it read, and the store's embeddings.</summary>
/// <param name="Voices">Pack names found under the voices path.</param>
/// <param name="Hits">Lookups served from memory.</param>
/// <param name="Misses">Lookups that had to read the store, the file or compute a blend.</param>
/// <param name="StoreLoads">Packs (and stored blends) read from the store after a miss.</param>
/// <param name="FileReads">Packs read again from their file because the store did not hold them intact.</param>
/// <param name="BlendsComputed">Blends mixed from their parts (once per recipe and parts, unless the store lost them).</param>
/// <param name="InMemory">Packs held in memory, pinned ones included.</param>
/// <param name="MemoryBytes">What those packs take.</param>
/// <param name="Pinned">Packs held by PreloadVoices or Tts:Voices:Preload.</param>
/// <param name="Evictions">Packs the LRU let go for space.</param>
/// <param name="Stored">Packs and blends in the store.</param>
/// <param name="Corrupt">Stored packs found damaged since start (each removed, never served).</param>
public sealed record KokoroPackStatistics(
    int Voices, long Hits, long Misses, long StoreLoads, long FileReads, long BlendsComputed,
    int InMemory, long MemoryBytes, int Pinned, long Evictions, long Stored, long Corrupt);
