using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class SegmentStore
{
    /// <summary>Removes every audio entry and its index records; returns how many entries were removed.</summary>
    /// <exception cref="ObjectDisposedException">The <see cref="LocalStore"/> was disposed.</exception>
    public long Clear()
    {
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

    /// <summary>
    /// Decodes every audio entry; entries that fail validation are removed and counted as corrupt.
    /// Reads and writes may go on meanwhile; a cancelled validation stops between entries.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The <see cref="LocalStore"/> was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValidationReport Validate(CancellationToken cancellationToken = default)
    {
        _handle.EnterOrThrow(nameof(SegmentStore));
        try
        {
            long scanned = 0, corrupt = 0, removed = 0;
            using var iterator = _db.NewIterator(_handle.Audio);
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                cancellationToken.ThrowIfCancellationRequested();
                scanned++;
                byte[] value = iterator.Value();
                if (AudioFrame.TryDecode(value, out _, out var error))
                {
                    continue;
                }

                byte[] key = iterator.Key();
                corrupt++;
                _counters.CorruptFound();
                StoreLog.CorruptEntry(_logger, Describe(key), error);
                if (RemoveCorrupt(key, value))
                {
                    removed++;
                }
            }

            StoreLog.Validated(_logger, scanned, corrupt, removed);
            return new ValidationReport(scanned, corrupt, removed);
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
