using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TtsGrpc.Core.Caching;
using TtsGrpc.Storage;

namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>
/// Kokoro voice packs by name: imported from the voices path into the store at start (a pack whose hash is
/// stored already is not written again), served from an in-memory LRU bounded in bytes, then the store, then
/// the file again (a pack missing or found corrupt in the store is re-imported). Blends
/// (<see cref="KokoroBlend"/>) are computed once, stored as derived packs and served like any pack. Pinned
/// packs stay in memory. Thread-safe. Returned arrays are shared: callers must not change them.
/// </summary>
public sealed partial class KokoroVoicePacks
{
    private const long EntryOverhead = 64;

    private readonly EmbeddingStore _store;
    private readonly string _voicesPath;
    private readonly ILogger _logger;
    private readonly LruCache<float[]> _cache;
    private readonly ConcurrentDictionary<string, float[]> _pinned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _pinnedVoices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Source> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Derived> _blends = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<float[]>> _loading = new(StringComparer.Ordinal);
    private long _hits;
    private long _misses;
    private long _storeLoads;
    private long _fileReads;
    private long _blendsComputed;

    /// <param name="store">Where packs are kept (<see cref="LocalStore.Embeddings"/>).</param>
    /// <param name="voicesPath">A directory of <c>*.bin</c> (raw packs or npz bundles) or one such file.</param>
    /// <param name="cacheBytes">What the LRU of unpinned packs may hold, in bytes.</param>
    public KokoroVoicePacks(EmbeddingStore store, string voicesPath, long cacheBytes, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(voicesPath);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheBytes);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _voicesPath = voicesPath;
        _logger = logger;
        _cache = new LruCache<float[]>(cacheBytes, static pack => (pack.LongLength * sizeof(float)) + EntryOverhead);
    }

    /// <summary>The bytes one pack takes in the LRU.</summary>
    public static long PackBytes => ((long)KokoroPack.Length * sizeof(float)) + EntryOverhead;

    /// <summary>The voice names found by <see cref="Import"/>, in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _sources.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Bytes and packs in the LRU (pinned ones not included).</summary>
    public long CachedBytes => _cache.Bytes;

    public int CachedCount => _cache.Count;

    /// <summary>Packs held in memory by <see cref="Pin"/>.</summary>
    public int PinnedCount => _pinned.Count;

    /// <summary>The figures GetCacheStats and the metrics report.</summary>
    public KokoroPackStatistics Statistics => new(
        _sources.Count,
        Interlocked.Read(ref _hits),
        Interlocked.Read(ref _misses),
        Interlocked.Read(ref _storeLoads),
        Interlocked.Read(ref _fileReads),
        Interlocked.Read(ref _blendsComputed),
        _cache.Count + _pinned.Count,
        _cache.Bytes + (_pinned.Count * PackBytes),
        _pinned.Count,
        _cache.Evictions,
        _store.Count,
        _store.Corrupt);

    /// <summary>
    /// Reads every pack under the voices path and stores the ones whose hash is not stored yet; returns how many
    /// voices it found. A file that is not a pack is logged and skipped; a name found twice keeps its first file.
    /// </summary>
    public int Import()
    {
        var files = KokoroPackFiles.Files(_voicesPath);
        int imported = 0;
        foreach (var file in files)
        {
            IReadOnlyList<KokoroPackFile> packs;
            try
            {
                packs = KokoroPackFiles.Read(file);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                KokoroLog.PackFileRefused(_logger, file, ex.Message);
                continue;
            }

            foreach (var pack in packs)
            {
                string hash = EmbeddingStore.HashOf(pack.Values);
                var source = new Source(hash, pack.File, pack.Entry);
                if (!_sources.TryAdd(pack.Name, source))
                {
                    KokoroLog.DuplicatePack(_logger, pack.Name, file, _sources[pack.Name].File);
                    continue;
                }

                if (!_store.Contains(hash) && _store.TryPut(hash, pack.Name, pack.Values))
                {
                    imported++;
                }
            }
        }

        KokoroLog.PacksImported(_logger, _sources.Count, files.Count, _voicesPath, imported);
        return _sources.Count;
    }

    /// <summary>Whether <paramref name="voice"/> is a known name, or a blend of known names.</summary>
    public bool Contains(string voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        if (_sources.ContainsKey(voice))
        {
            return true;
        }

        try
        {
            return KokoroBlend.LooksLikeBlend(voice) && KokoroBlend.Parse(voice).Terms.All(term => _sources.ContainsKey(term.Name));
        }
        catch (TtsException)
        {
            return false;
        }
    }

    /// <summary>The content hash of a voice's pack (a blend's: of its recipe and its parts' hashes), for cache keys.</summary>
    /// <exception cref="TtsException">As <see cref="Get"/>.</exception>
    public string HashOf(string voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        if (_sources.TryGetValue(voice, out var source))
        {
            return source.Hash;
        }

        return KokoroBlend.LooksLikeBlend(voice) ? Blend(voice).Hash : throw Unknown(voice);
    }

    /// <summary>The pack of a voice name or blend recipe: <see cref="KokoroPack.Length"/> values, [510, 1, 256] in C order.</summary>
    /// <exception cref="TtsException">NOT_FOUND: an unknown name (in a blend too); INVALID_ARGUMENT: a malformed blend; UNAVAILABLE: the pack's file no longer reads.</exception>
    public float[] Get(string voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        if (_sources.TryGetValue(voice, out var source))
        {
            return Cached(source.Hash) ?? Once(source.Hash, () => Load(voice, source));
        }

        if (!KokoroBlend.LooksLikeBlend(voice))
        {
            throw Unknown(voice);
        }

        var derived = Blend(voice);
        return Cached(derived.Hash) ?? Once(derived.Hash, () => Mix(derived));
    }

    /// <summary>
    /// The style row for an utterance of <paramref name="idCount"/> phoneme ids (pads not counted): row
    /// min(max(idCount, 0), 509), the kokoro-onnx / kokoro-js convention (<see cref="KokoroPack.RowFor"/>). A copy.
    /// </summary>
    public float[] Row(string voice, int idCount) =>
        Get(voice).AsSpan(KokoroPack.RowFor(idCount) * KokoroPack.Width, KokoroPack.Width).ToArray();

    /// <summary>Loads <paramref name="voices"/> (names or blends) and keeps them in memory until <see cref="Unpin"/> or <see cref="Clear"/>.</summary>
    /// <exception cref="TtsException">As <see cref="Get"/>; voices before the failing one stay pinned.</exception>
    public void Pin(IEnumerable<string> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        foreach (var voice in voices)
        {
            var pack = Get(voice);
            var hash = HashOfVoice(voice);
            _pinned[hash] = pack;
            _pinnedVoices[voice] = hash;
            _cache.Remove(hash);
        }
    }

    /// <summary>The same as <see cref="Pin"/>: the packs preloaded at start stay loaded.</summary>
    public void Preload(IEnumerable<string> voices) => Pin(voices);

    /// <summary>Lets a pinned voice leave memory like any other; false when it was not pinned.</summary>
    public bool Unpin(string voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        if (!_pinnedVoices.TryRemove(voice, out var hash))
        {
            return false;
        }

        if (!_pinnedVoices.Values.Contains(hash) && _pinned.TryRemove(hash, out var pack))
        {
            _cache.Put(hash, pack);
        }

        return true;
    }

    /// <summary>Empties the LRU, and the pinned packs too unless <paramref name="keepPinned"/>; returns how many packs left memory.</summary>
    public long Clear(bool keepPinned)
    {
        long removed = _cache.Clear();
        if (!keepPinned)
        {
            removed += _pinned.Count;
            _pinned.Clear();
            _pinnedVoices.Clear();
        }

        return removed;
    }

    /// <summary>Checks every stored pack (<see cref="EmbeddingStore.Validate"/>); one removed is re-imported when next asked for.</summary>
    public ValidationReport Validate() => _store.Validate();

    private static TtsException Unknown(string name) =>
        new(TtsErrorKind.NotFound, $"There is no Kokoro voice '{name}'.");

    private float[]? Cached(string hash)
    {
        var pack = _pinned.TryGetValue(hash, out var pinned) ? pinned : _cache.TryGet(hash);
        Interlocked.Increment(ref pack is null ? ref _misses : ref _hits);
        return pack;
    }

    /// <summary>
    /// Single flight: concurrent first requests for one pack read (or blend) it once; the others wait for that
    /// result. A caller arriving after it finds the pack in memory. A failure is not remembered: the next request
    /// tries again.
    /// </summary>
    private float[] Once(string hash, Func<float[]> load)
    {
        var flight = _loading.GetOrAdd(hash, _ => new Lazy<float[]>(
            () => (_pinned.TryGetValue(hash, out var pinned) ? pinned : _cache.TryGet(hash)) ?? load(),
            LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return flight.Value;
        }
        finally
        {
            _loading.TryRemove(KeyValuePair.Create(hash, flight));
        }
    }

    private string HashOfVoice(string voice) =>
        _sources.TryGetValue(voice, out var source) ? source.Hash : Blend(voice).Hash;

    private float[] Load(string name, Source source)
    {
        if (_store.TryGet(source.Hash)?.Values is { Length: KokoroPack.Length } stored)
        {
            Interlocked.Increment(ref _storeLoads);
            return Keep(source.Hash, stored);
        }

        Interlocked.Increment(ref _fileReads);
        float[] values;
        try
        {
            values = KokoroPackFiles.ReadOne(source.File, source.Entry);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new TtsException(TtsErrorKind.Unavailable, $"The Kokoro voice '{name}' cannot be read from '{source.File}': {ex.Message}");
        }

        string hash = EmbeddingStore.HashOf(values);
        if (hash != source.Hash)
        {
            // The file changed since it was imported: the voice is what the file now holds.
            _sources[name] = source with { Hash = hash };
        }

        KokoroLog.PackReimported(_logger, name, source.File);
        _store.TryPut(hash, name, values);
        return Keep(hash, values);
    }

    private float[] Keep(string hash, float[] values)
    {
        if (_pinned.ContainsKey(hash))
        {
            _pinned[hash] = values;
        }
        else
        {
            _cache.Put(hash, values);
        }

        return values;
    }

    private sealed record Source(string Hash, string File, string? Entry);
}
