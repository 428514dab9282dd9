namespace TtsGrpc.Core.Caching;

public sealed partial class AudioCache
{
    // GetCacheStats without a deadline waits at most this long for the shared writes queued before it.
    private static readonly TimeSpan SharedFlushBound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The shared tier's master, written to the local tiers so the next lookup stays local; else the lease this
    /// replica took for making it, if any.
    /// </summary>
    private async Task<(Master? Master, string? LeaseToken)> FromSharedAsync(SegmentRequest segment, bool lease, CancellationToken cancellationToken)
    {
        var found = await shared!.LookupAsync(segment, lease, cancellationToken);
        if (found.Audio is not { } audio)
        {
            return (null, found.LeaseToken);
        }

        var clip = ToClip(audio);
        memory.Put(segment.Key.Hex, clip);
        writer.Enqueue(segment.Key.Bytes, audio);
        return (new Master(clip, Cached: true), null);
    }
}
