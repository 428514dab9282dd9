using System.Threading.Channels;
using TtsGrpc.Storage;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// Writes masters to the store off the caller's path: compressing a segment costs milliseconds that
/// a miss should not add to its time to first audio. When the queue is full the caller writes itself
/// (back-pressure instead of unbounded memory); Dispose drains what is queued, so a clean shutdown
/// loses nothing.
/// </summary>
public sealed class DiskWriter : IDisposable
{
    // Small enough that a flush behind a full queue ends quickly even when the store is slow (a busy host):
    // a flush waits for at most this many writes.
    private const int QueueCapacity = 64;
    private readonly SegmentStore _store;
    private readonly Channel<Work> _queue =
        Channel.CreateBounded<Work>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });

    private readonly Task _drain;
    private long _pending;

    public DiskWriter(SegmentStore store)
    {
        _store = store;
        _drain = Task.Run(DrainAsync);
    }

    /// <summary>Writes queued or being written now.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public void Enqueue(byte[] key, StoredAudio audio)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new Work(key, audio, null)))
        {
            Write(key, audio);
        }
    }

    /// <summary>
    /// Completes once every write queued before this call is in the store. Writes queued after it are
    /// not waited for, so a flush ends in bounded time however busy the writer is.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Work(null, null, marker), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return; // disposed: everything queued has been written
        }

        await marker.Task.WaitAsync(cancellationToken);
    }

    /// <summary>As <see cref="FlushAsync(CancellationToken)"/>, giving up after <paramref name="maxWait"/>; false if it did.</summary>
    public async Task<bool> FlushAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken).WaitAsync(maxWait, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false; // the marker stays queued and completes later, harmlessly
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _drain.GetAwaiter().GetResult();
    }

    private async Task DrainAsync()
    {
        await foreach (var work in _queue.Reader.ReadAllAsync())
        {
            if (work.Marker is { } marker)
            {
                marker.TrySetResult();
            }
            else
            {
                Write(work.Key!, work.Audio!);
            }
        }
    }

    private void Write(byte[] key, StoredAudio audio)
    {
        _store.TryPut(key, audio); // best effort: failures are logged and counted by the store
        Interlocked.Decrement(ref _pending);
    }

    /// <summary>A write, or a flush marker that the single reader reaches once the writes before it are done.</summary>
    private sealed record Work(byte[]? Key, StoredAudio? Audio, TaskCompletionSource? Marker);
}
