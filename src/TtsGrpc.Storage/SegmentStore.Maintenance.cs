using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class SegmentStore
{
    /// <summary>
    /// Removes every audio entry and its index records; returns how many entries were removed. A read-only or
    /// disabled store removes nothing (counted as a failed write) and returns 0.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The <see cref="LocalStore"/> was disposed.</exception>
    public long Clear()
    {
        if (!_handle.Writable)
        {
            _handle.WriteRefused();
            return 0;
        }

        _handle.EnterOrThrow(nameof(SegmentStore));
        try
        {
            lock (_writeLock)
            {
                _pendingAccess.Clear();
                long removed = _handle.DeleteAll(_handle.Audio);
                _handle.DeleteAll(_handle.Access);
                _totals.Reset();
                StoreLog.Cleared(_logger, removed);
                return removed;
            }
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>Removes an entry found corrupt, unless it was replaced since it was read; never throws for I/O failures.</summary>
    private bool RemoveCorrupt(byte[] key, byte[] seen) =>
        _handle.RemoveIfUnchanged(_handle.Audio, key, seen, _writeLock, DeleteLocked, "corrupt entry removal");
}
