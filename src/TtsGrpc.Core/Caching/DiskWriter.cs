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
    private const int QueueCapacity = 256;
    private readonly SegmentStore _store;
    private readonly Channel<(byte[] Key, StoredAudio Audio)> _queue =
        Channel.CreateBounded<(byte[], StoredAudio)>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });

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
        if (!_queue.Writer.TryWrite((key, audio)))
        {
            Write(key, audio);
        }
    }

    /// <summary>Waits until everything queued before this call is in the store (admin calls, not hot paths).</summary>
    public void Flush()
    {
        var wait = new SpinWait();
        while (Interlocked.Read(ref _pending) > 0 && !_drain.IsCompleted)
        {
            wait.SpinOnce();
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _drain.GetAwaiter().GetResult();
    }

    private async Task DrainAsync()
    {
        await foreach (var (key, audio) in _queue.Reader.ReadAllAsync())
        {
            Write(key, audio);
        }
    }

    private void Write(byte[] key, StoredAudio audio)
    {
        _store.TryPut(key, audio); // best effort: failures are logged and counted by the store
        Interlocked.Decrement(ref _pending);
    }
}
