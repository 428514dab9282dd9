using System.Buffers;
using CommunityToolkit.HighPerformance;
using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Engines;
using TtsGrpc.Storage;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// The one way into the segment cache. Masters (PCM16 at the engine rate, with their word timings) live in memory, in
/// front of the persistent store, in front of the optional shared tier on a RESP server (<see cref="SharedTier"/>);
/// encodings of them in client formats live in the rendered tier.
/// <see cref="GetOrCreateAsync"/> serves a segment from the fastest tier that has it, or has it made
/// once for every concurrent caller, keeps it, and encodes it. Writes to the store are best effort and
/// leave the caller's path at once (<see cref="DiskWriter"/>): a failed write is counted by the store
/// and the caller still gets its audio.
/// </summary>
public sealed partial class AudioCache(
    LruCache<SpokenClip> memory, LocalStore store, DiskWriter writer, EncodedCache encoded, OutputStage encoder, SharedTier? shared = null)
{
    private readonly SingleFlight<Master> _flights = new();
    private long _memoryHits;
    private long _memoryMisses;

    /// <summary>
    /// The segment in <see cref="SegmentRequest.Format"/>: BYPASS makes it and keeps nothing; USE serves
    /// it from a tier or makes and keeps it; REFRESH makes and keeps it again; CACHED_ONLY serves it from a
    /// tier or fails with FAILED_PRECONDITION. <paramref name="create"/> makes the master; callers asking
    /// for the same segment at once share one call of it, which is cancelled only when all of them are. A
    /// segment that wants word timings (<see cref="SegmentRequest.NeedsWords"/>) and was kept without them
    /// (by a build before timings were kept) is made again, unless the mode is CACHED_ONLY.
    /// </summary>
    public async Task<SegmentAudio> GetOrCreateAsync(
        SegmentRequest segment, Func<CancellationToken, Task<SpokenClip>> create, CancellationToken cancellationToken)
    {
        if (segment.Mode == CacheMode.Bypass)
        {
            return EncodeUnkept(segment, await create(cancellationToken));
        }

        var master = segment.Mode == CacheMode.Refresh ? null : FromMemory(segment, count: true);
        master ??= segment.Mode == CacheMode.CachedOnly
            ? await FromStoreAsync(segment, cancellationToken)
            : await _flights.RunAsync(
                segment.Mode == CacheMode.Refresh ? segment.Key.Hex + ":refresh" : segment.Key.Hex,
                token => LoadOrCreateAsync(segment, create, token),
                cancellationToken);
        return Encode(segment, master);
    }

    public bool Contains(SegmentKey key) => memory.TryGet(key.Hex) is not null || store.Segments.Contains(key.Bytes);

    /// <summary>Whether a tier holds the segment, the shared one included (a server that does not answer holds nothing).</summary>
    public async Task<bool> ContainsAsync(SegmentKey key, CancellationToken cancellationToken) =>
        Contains(key) || (shared is not null && await shared.Store.ContainsAsync(key.Bytes, cancellationToken));

    /// <summary>Empties the chosen tiers once the writes queued before the call are in the store, so none lands after the clear.</summary>
    public async Task<long> ClearAsync(bool memoryTier, bool diskTier, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken);
        if (memoryTier)
        {
            encoded.Clear(); // encodings of the masters, not entries of their own
        }

        return (memoryTier ? memory.Clear() : 0) + (diskTier ? store.Segments.Clear() : 0);
    }

    /// <summary>Checks every stored entry (after the writes queued before the call); corrupt ones are removed.</summary>
    public async Task<ValidationReport> ValidateAsync(CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken);
        return await Task.Run(() => store.Segments.Validate(cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The statistics once the writes queued before the call are in the store, or after <paramref name="maxWait"/>
    /// if the writer has not got there by then (a busy store): then the figures as they stand.
    /// </summary>
    public async Task<AudioCacheStatistics> StatisticsAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await writer.FlushAsync(maxWait, cancellationToken);
        if (shared is not null)
        {
            var left = maxWait == Timeout.InfiniteTimeSpan ? SharedFlushBound : maxWait - clock.Elapsed;
            await shared.Writer.FlushAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
        }

        return CurrentStatistics();
    }

    /// <summary>The counters as they stand, without waiting for queued writes (cheap enough for every metrics scrape).</summary>
    public AudioCacheStatistics CurrentStatistics()
    {
        var bytes = memory.Bytes;
        var memoryStats = new CacheTierStatistics(
            Interlocked.Read(ref _memoryHits), Interlocked.Read(ref _memoryMisses), memory.Count, bytes, bytes,
            memory.Evictions, 0, _flights.Shared);
        var d = store.Segments.Stats;
        var diskStats = new CacheTierStatistics(
            d.Hits, d.Misses, d.Entries, d.RawBytes, d.StoredBytes, d.Evictions, d.Corrupt, _flights.Shared)
        {
            WriteFailures = d.WriteFailures,
        };
        return new AudioCacheStatistics(memoryStats, diskStats, encoded.Statistics(), writer.Pending)
        {
            Shared = shared?.TierStatistics(),
            SharedTier = shared?.Statistics(),
        };
    }

    /// <summary>Writes what is queued and closes the store (audio and voices): the last step of a shutdown, once no call is left.</summary>
    public long Close()
    {
        var queued = writer.Pending + (shared?.Writer.Pending ?? 0);
        shared?.Writer.Dispose(); // bounded: a slow server does not hold the shutdown
        shared?.Store.Dispose();
        writer.Dispose();
        store.Dispose(); // the one database: voices close with the audio
        return queued;
    }

    private Master? FromMemory(SegmentRequest segment, bool count)
    {
        var clip = memory.TryGet(segment.Key.Hex);
        if (clip is not null && segment.NeedsWords && clip.Words is null && segment.Mode != CacheMode.CachedOnly)
        {
            clip = null; // kept without its word timings: made again, with them
        }

        if (count)
        {
            Interlocked.Increment(ref clip is null ? ref _memoryMisses : ref _memoryHits);
        }

        return clip is null ? null : new Master(clip, Cached: true);
    }

    /// <summary>The stored master, unless it lacks the word timings the segment wants.</summary>
    private SpokenClip? FromStoreIfTimed(SegmentRequest segment)
    {
        if (store.Segments.TryGet(segment.Key.Bytes) is not { } stored)
        {
            return null;
        }

        var clip = ToClip(stored);
        return segment.NeedsWords && clip.Words is null ? null : clip;
    }

    private static SpokenClip ToClip(StoredAudio stored) =>
        new(stored.Pcm, stored.Words?.Select(w => new WordTiming(w.TextStart, w.TextLength, w.StartSample, w.EndSample)).ToArray());

    private static IReadOnlyList<StoredWord>? ToStored(IReadOnlyList<WordTiming>? words) =>
        words?.Select(w => new StoredWord(w.TextStart, w.TextLength, w.StartSample, w.EndSample)).ToArray();

    /// <summary>CACHED_ONLY: the stored master, else the shared tier's (kept locally then), else FAILED_PRECONDITION.</summary>
    private async Task<Master> FromStoreAsync(SegmentRequest segment, CancellationToken cancellationToken)
    {
        if (store.Segments.TryGet(segment.Key.Bytes) is { } stored)
        {
            var clip = ToClip(stored);
            memory.Put(segment.Key.Hex, clip);
            return new Master(clip, Cached: true);
        }

        if (shared is not null && await FromSharedAsync(segment, lease: false, cancellationToken) is { Master: { } fromShared })
        {
            return fromShared;
        }

        throw new TtsException(
            TtsErrorKind.FailedPrecondition,
            $"Segment \"{segment.Text}\" is not cached (or left the cache while the call ran); CACHED_ONLY serves only " +
            "stored audio. Synthesize it once with cache mode USE first.");
    }

    /// <summary>One flight: the store is read once; only a miss there reaches the engine.</summary>
    private async Task<Master> LoadOrCreateAsync(
        SegmentRequest segment, Func<CancellationToken, Task<SpokenClip>> create, CancellationToken cancellationToken)
    {
        if (segment.Mode != CacheMode.Refresh)
        {
            // A flight that ended since our lookup left its master in memory (its store write may still be queued).
            if (FromMemory(segment, count: false) is { } recent)
            {
                return recent;
            }

            if (FromStoreIfTimed(segment) is { } stored)
            {
                memory.Put(segment.Key.Hex, stored);
                return new Master(stored, Cached: true);
            }
        }

        string? lease = null;
        if (shared is not null && segment.Mode != CacheMode.Refresh)
        {
            var found = await FromSharedAsync(segment, lease: true, cancellationToken);
            if (found.Master is { } fromShared)
            {
                return fromShared;
            }

            lease = found.LeaseToken;
        }

        SpokenClip clip;
        try
        {
            clip = await create(cancellationToken);
        }
        catch
        {
            shared?.Abandon(segment.Key, lease); // waiters on other replicas stop waiting and make it themselves
            throw;
        }

        if (clip.Pcm.Length > 0) // empty audio is never cached
        {
            memory.Put(segment.Key.Hex, clip);
            var audio = new StoredAudio(clip.Pcm, segment.EngineRate, segment.Engine, segment.Text, DateTimeOffset.UtcNow, ToStored(clip.Words));
            writer.Enqueue(segment.Key.Bytes, audio);
            shared?.Publish(segment.Key, audio, lease); // REFRESH overwrites the shared value too
        }
        else
        {
            shared?.Abandon(segment.Key, lease);
        }

        return new Master(clip, Cached: false);
    }

    /// <summary>A kept master in the client's format: its own bytes when that is the format, else its rendered-tier encoding, made on a miss.</summary>
    private SegmentAudio Encode(SegmentRequest segment, Master master)
    {
        var pcm = master.Clip.Pcm;
        if (OutputStage.IsCopy(segment.EngineRate, segment.Format))
        {
            return new SegmentAudio(pcm.AsMemory().AsBytes(), master.Cached) { Words = master.Clip.Words };
        }

        var bytes = master.Cached ? encoded.TryGet(segment.Key, segment.Format, pcm) : null;
        if (bytes is null)
        {
            bytes = encoder.Encode(pcm, segment.EngineRate, segment.Format);
            encoded.Put(segment.Key, segment.Format, pcm, bytes);
        }

        return new SegmentAudio(bytes, master.Cached) { Words = master.Clip.Words };
    }

    /// <summary>Audio that is not kept (BYPASS): encoded into a pooled buffer, or sent as it is when that is the format.</summary>
    private SegmentAudio EncodeUnkept(SegmentRequest segment, SpokenClip clip)
    {
        var pcm = clip.Pcm;
        if (OutputStage.IsCopy(segment.EngineRate, segment.Format))
        {
            return new SegmentAudio(pcm.AsMemory().AsBytes(), cached: false) { Words = clip.Words };
        }

        var length = OutputStage.EncodedLength(pcm.Length, segment.EngineRate, segment.Format);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            encoder.Encode(pcm, segment.EngineRate, segment.Format, buffer.AsSpan(0, length));
            return new SegmentAudio(buffer.AsMemory(0, length), cached: false, buffer) { Words = clip.Words };
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private sealed record Master(SpokenClip Clip, bool Cached);
}
