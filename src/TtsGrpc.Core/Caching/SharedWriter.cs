using System.Threading.Channels;
using TtsGrpc.Storage;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// Writes segments to the shared tier off the caller's path, then releases the lease the segment was made under:
/// in that order, so a replica waiting on the lease finds the value once the lease is gone. The queue is bounded and
/// a full one drops the write (counted) rather than block a caller or grow without bound; a dropped write still
/// releases its lease at once, so waiters stop waiting and synthesize.
/// </summary>
public sealed class SharedWriter : IDisposable
{
    // A shutdown waits this long for queued writes; each is bounded by the operation timeout already.
    private static readonly TimeSpan DrainAtShutdown = TimeSpan.FromSeconds(5);
    private readonly SharedStore _store;
    private readonly Channel<Work> _queue;
    private readonly Task _drain;
    private long _pending;
    private long _dropped;

    public SharedWriter(SharedStore store)
    {
        _store = store;
        _queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(store.Options.WriteQueueCapacity) { SingleReader = true });
        _drain = Task.Run(DrainAsync);
    }

    /// <summary>Writes queued or being written now.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Writes dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the write of <paramref name="audio"/>, then the release of <paramref name="leaseToken"/> if there is one.</summary>
    public void Enqueue(byte[] key, StoredAudio audio, string? leaseToken)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new Work(key, audio, leaseToken, null)))
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _dropped);
            Release(key, leaseToken);
        }
    }

    /// <summary>Gives a lease back without a value (the synthesis failed or made nothing), off the caller's path.</summary>
    public void Release(byte[] key, string? leaseToken)
    {
        if (leaseToken is not null)
        {
            _ = _store.ReleaseLeaseAsync(key, leaseToken); // never throws; bounded by the operation timeout
        }
    }

    /// <summary>
    /// Completes once the writes queued before the call are done (or failed), or after <paramref name="maxWait"/>;
    /// false if it gave up. A full queue is waited for, not dropped: this is a caller who asked to wait.
    /// </summary>
    public async Task<bool> FlushAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Work(null, null, null, marker), cancellationToken).AsTask().WaitAsync(maxWait, cancellationToken);
            await marker.Task.WaitAsync(maxWait, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            return true; // disposed: nothing more will be written
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _drain.Wait(DrainAtShutdown);
    }

    private async Task DrainAsync()
    {
        await foreach (var work in _queue.Reader.ReadAllAsync())
        {
            if (work.Marker is { } marker)
            {
                marker.TrySetResult();
                continue;
            }

            await _store.TryPutAsync(work.Key!, work.Audio!); // failures are counted by the store
            if (work.LeaseToken is { } token)
            {
                await _store.ReleaseLeaseAsync(work.Key!, token);
            }

            Interlocked.Decrement(ref _pending);
        }
    }

    private sealed record Work(byte[]? Key, StoredAudio? Audio, string? LeaseToken, TaskCompletionSource? Marker);
}
