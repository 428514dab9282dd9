using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class SegmentStore
{
    private const int DeleteBatchSize = 1024;

    /// <summary>Removes every audio entry and its index records; returns how many entries were removed.</summary>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public long Clear()
    {
        EnterOrThrow();
        try
        {
            lock (_writeLock)
            {
                _pendingAccess.Clear();
                long removed = DeleteAll(_store.Audio);
                DeleteAll(_store.Access);
                _totals.Reset();
                StoreLog.Cleared(_logger, removed);
                return removed;
            }
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Decodes every audio entry; entries that fail validation are removed and counted as corrupt.
    /// Reads and writes may go on meanwhile; a cancelled validation stops between entries.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValidationReport Validate(CancellationToken cancellationToken = default)
    {
        EnterOrThrow();
        try
        {
            long scanned = 0, corrupt = 0, removed = 0;
            using var iterator = _db.NewIterator(_store.Audio);
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
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Removes an entry found corrupt, unless it was replaced since it was read. Never throws for
    /// I/O failures: a failed delete is logged and counted.
    /// </summary>
    private bool RemoveCorrupt(byte[] key, byte[] seen)
    {
        try
        {
            lock (_writeLock)
            {
                byte[]? current = _db.Get(key, _store.Audio);
                if (current is null || !current.AsSpan().SequenceEqual(seen))
                {
                    return false;
                }

                DeleteLocked(key);
                return true;
            }
        }
        catch (RocksDbException ex)
        {
            WriteFailed("corrupt entry removal", ex);
            return false;
        }
    }

    private long DeleteAll(ColumnFamilyHandle family)
    {
        long count = 0;
        using var batch = new WriteBatch();
        using var iterator = _db.NewIterator(family);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            batch.Delete(iterator.Key(), family);
            count++;
            if (count % DeleteBatchSize == 0)
            {
                _db.Write(batch);
                batch.Clear();
            }
        }

        _db.Write(batch);
        return count;
    }

    private void EnterOrThrow()
    {
        if (!TryEnter())
        {
            throw new ObjectDisposedException(nameof(SegmentStore));
        }
    }
}
