using System.Diagnostics;
using TtsGrpc.Storage;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// The shared tier as the cache uses it, after memory and the local store: a read, and single flight across
/// replicas. A segment that misses everywhere is leased (SET NX PX) by the replica that will make it; a replica that
/// finds the lease held polls for the value with backoff (polling rather than pub/sub: it needs nothing beyond
/// GET/SET, which every RESP server has) until <see cref="SharedStoreOptions.LeaseWait"/>, then makes the segment
/// itself. Any fault of the server turns into a plain miss.
/// </summary>
public sealed class SharedTier(SharedStore store, SharedWriter writer)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(200);
    private long _hits;
    private long _misses;
    private long _dedupes;
    private long _leasesTaken;
    private long _leaseWaits;
    private long _leaseWaitTimeouts;

    public SharedStore Store => store;

    public SharedWriter Writer => writer;

    /// <summary>
    /// The segment from the shared tier, or a miss; with <paramref name="lease"/> a miss comes with this replica's
    /// lease when it could take it (none when another replica held it past the wait, or the server did not answer).
    /// A value that lacks the word timings the segment wants counts as missing.
    /// </summary>
    public async Task<SharedLookup> LookupAsync(SegmentRequest segment, bool lease, CancellationToken cancellationToken)
    {
        var key = segment.Key.Bytes;
        var read = await store.TryGetAsync(key, cancellationToken);
        if (Usable(read, segment) is { } audio)
        {
            return Hit(audio, waited: false);
        }

        if (!lease || !read.Answered)
        {
            return Missed();
        }

        var clock = Stopwatch.StartNew();
        var wait = store.Options.LeaseWait;
        var poll = FirstPoll;
        var waited = false;
        while (true)
        {
            var taken = await store.TryTakeLeaseAsync(key, cancellationToken);
            if (!taken.Answered)
            {
                return Missed();
            }

            if (taken.Taken)
            {
                // The holder before us writes the value before it releases the lease: it may have landed since our read.
                var again = await store.TryGetAsync(key, cancellationToken);
                if (Usable(again, segment) is { } landed)
                {
                    writer.Release(key, taken.Token);
                    return Hit(landed, waited);
                }

                Interlocked.Increment(ref _leasesTaken);
                return Missed(taken.Token);
            }

            if (!waited)
            {
                waited = true;
                Interlocked.Increment(ref _leaseWaits);
            }

            var left = wait - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                Interlocked.Increment(ref _leaseWaitTimeouts);
                return Missed();
            }

            await Task.Delay(poll < left ? poll : left, cancellationToken);
            poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
            var polled = await store.TryGetAsync(key, cancellationToken);
            if (Usable(polled, segment) is { } arrived)
            {
                return Hit(arrived, waited: true);
            }

            if (!polled.Answered)
            {
                return Missed();
            }
        }
    }

    /// <summary>Shares a segment this replica made, and then gives back its lease if it held one.</summary>
    public void Publish(SegmentKey key, StoredAudio audio, string? leaseToken) => writer.Enqueue(key.Bytes, audio, leaseToken);

    /// <summary>Gives back a lease whose segment was not made (the synthesis failed, was cancelled, or made no audio).</summary>
    public void Abandon(SegmentKey key, string? leaseToken) => writer.Release(key.Bytes, leaseToken);

    public CacheTierStatistics TierStatistics()
    {
        var s = store.Stats;
        return new CacheTierStatistics(
            Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), 0, 0, 0, 0, s.Corrupt, Interlocked.Read(ref _dedupes))
        {
            WriteFailures = s.WriteFailures + writer.Dropped,
        };
    }

    public SharedTierStatistics Statistics()
    {
        var s = store.Stats;
        return new SharedTierStatistics(
            s.Connected, Interlocked.Read(ref _leasesTaken), Interlocked.Read(ref _leaseWaits), Interlocked.Read(ref _leaseWaitTimeouts),
            s.Writes, writer.Dropped, s.Oversized, s.Failures, s.Skipped, s.StateChanges, writer.Pending);
    }

    private static StoredAudio? Usable(SharedRead read, SegmentRequest segment) =>
        read.Audio is { } audio && !(segment.NeedsWords && audio.Words is null) ? audio : null;

    private SharedLookup Hit(StoredAudio audio, bool waited)
    {
        Interlocked.Increment(ref _hits);
        if (waited)
        {
            Interlocked.Increment(ref _dedupes);
        }

        return new SharedLookup(audio, null);
    }

    private SharedLookup Missed(string? leaseToken = null)
    {
        Interlocked.Increment(ref _misses);
        return leaseToken is null ? SharedLookup.Miss : new SharedLookup(null, leaseToken);
    }
}
