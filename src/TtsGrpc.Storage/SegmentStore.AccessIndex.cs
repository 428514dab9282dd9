using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class SegmentStore
{
    /// <summary>Reads recorded in memory and not yet written to the access index.</summary>
    internal int PendingAccessCount => _pendingAccess.Count;

    /// <summary>
    /// Recomputes the totals from the lookup records of the access index (small, fixed-size
    /// values; no audio is read). Returns the newest access stamp so stamps keep increasing.
    /// </summary>
    private long LoadTotals()
    {
        long lastStamp = 0;
        if (_handle.Mode == StoreMode.Disabled)
        {
            return lastStamp;
        }

        using var iterator = Db.NewIterator(_handle.Access);
        for (iterator.Seek([AccessIndex.LookupPrefix]); iterator.Valid(); iterator.Next())
        {
            if (!AccessIndex.IsLookupKey(iterator.GetKeySpan()))
            {
                break;
            }

            if (AccessIndex.TryDecodeEntry(iterator.GetValueSpan(), out var entry))
            {
                _totals.Add(entry);
                lastStamp = Math.Max(lastStamp, entry.Stamp);
            }
        }

        if (StoreHandle.IteratorError(iterator) is { } error)
        {
            // The totals then count what could be read; ValidateCache finds the rest of the damage.
            StoreLog.ScanStopped(_logger, "access index", _totals.Entries, error);
        }

        return lastStamp;
    }

    /// <summary>Notes a read in memory; the access index is updated in batches, not per hit.</summary>
    private void RecordAccess(ReadOnlySpan<byte> key)
    {
        if (!_handle.Writable)
        {
            return; // a read-only store cannot move its entries in the LRU order
        }

        long stamp = _clock.Next();
        _pendingAccess.AddOrUpdate(
            key.ToArray(), static (_, stamp) => stamp, static (_, previous, stamp) => Math.Max(previous, stamp), stamp);
    }

    private bool TryReadEntry(byte[] lookupKey, out IndexEntry entry)
    {
        entry = default;
        byte[]? value = Db.Get(lookupKey, _handle.Access);
        return value is not null && AccessIndex.TryDecodeEntry(value, out entry);
    }

    /// <summary>Moves recorded reads into the order records. Caller holds the write lock.</summary>
    private void FlushAccessesLocked()
    {
        if (_pendingAccess.IsEmpty)
        {
            return;
        }

        using var batch = new WriteBatch();
        int updates = 0;
        foreach (var pending in _pendingAccess)
        {
            // A read recorded after the snapshot stays pending for the next flush.
            if (!_pendingAccess.TryRemove(pending))
            {
                continue;
            }

            byte[] key = pending.Key;
            byte[] lookupKey = AccessIndex.LookupKey(key);
            // Removed or rewritten since the read: nothing to move.
            if (!TryReadEntry(lookupKey, out var entry) || entry.Stamp >= pending.Value)
            {
                continue;
            }

            var touched = entry with { Stamp = pending.Value };
            byte[] value = AccessIndex.EncodeEntry(touched);
            batch.Delete(AccessIndex.OrderKey(entry.Stamp, key), _handle.Access);
            batch.Put(AccessIndex.OrderKey(touched.Stamp, key), value, _handle.Access);
            batch.Put(lookupKey, value, _handle.Access);
            updates++;
        }

        if (updates > 0)
        {
            Db.Write(batch);
        }
    }

    /// <summary>
    /// Removes least recently used entries until the stored bytes fit the capacity. Caller holds
    /// the write lock.
    /// </summary>
    private void EvictLocked()
    {
        FlushAccessesLocked();
        long capacity = _options.CapacityBytes;
        long stored = _totals.StoredBytes;
        if (stored <= capacity)
        {
            return;
        }

        var victims = new List<IndexEntry>();
        using var batch = new WriteBatch();
        using (var iterator = Db.NewIterator(_handle.Access))
        {
            for (iterator.Seek([AccessIndex.OrderPrefix]); iterator.Valid() && stored > capacity; iterator.Next())
            {
                var orderKey = iterator.GetKeySpan();
                if (!AccessIndex.IsOrderKey(orderKey))
                {
                    break;
                }

                var key = AccessIndex.EntryKeyOfOrder(orderKey);
                byte[] lookupKey = AccessIndex.LookupKey(key);
                // An order record whose lookup record disagrees is stale: drop only the record.
                if (!TryReadEntry(lookupKey, out var entry) || entry.Stamp != AccessIndex.StampOfOrder(orderKey))
                {
                    batch.Delete(orderKey.ToArray(), _handle.Access);
                    continue;
                }

                batch.Delete(key.ToArray(), _handle.Audio);
                batch.Delete(lookupKey, _handle.Access);
                batch.Delete(orderKey.ToArray(), _handle.Access);
                victims.Add(entry);
                stored -= entry.StoredBytes;
            }
        }

        Db.Write(batch);
        long freed = 0;
        foreach (var victim in victims)
        {
            _totals.Subtract(victim);
            freed += victim.StoredBytes;
        }

        _counters.Evicted(victims.Count);
        StoreLog.Evicted(_logger, victims.Count, freed, _totals.StoredBytes);
    }
}
