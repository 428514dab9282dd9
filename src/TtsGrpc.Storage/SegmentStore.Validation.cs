using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class SegmentStore
{
    /// <summary>
    /// Reads and decodes every audio entry. Entries whose value fails validation or cannot be read at all (a
    /// damaged or missing blob or SST file) are counted corrupt and removed; index records without audio are
    /// removed too, and audio without index records is indexed (or removed when corrupt). A scan that RocksDB
    /// stops early is reported in <see cref="ValidationReport.Error"/>. When anything was wrong, the totals are
    /// recounted from the access index. Reads and writes may go on meanwhile; a cancelled validation stops
    /// between entries. A disabled store reports nothing scanned.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The <see cref="LocalStore"/> was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValidationReport Validate(CancellationToken cancellationToken = default)
    {
        if (_handle.Mode == StoreMode.Disabled)
        {
            return new ValidationReport(0, 0, 0) { Error = "the store is disabled" };
        }

        _handle.EnterOrThrow(nameof(SegmentStore));
        try
        {
            var scan = new ValidationScan(_logger, "audio", _totals.Entries, _handle.Directory, cancellationToken);
            var indexed = new HashSet<byte[]>(ByteArrayComparer.Instance);
            ScanIndex(scan, indexed);
            ScanUnindexed(scan, indexed);
            if (scan.FoundDamage)
            {
                RecountTotals();
            }

            var report = _handle.RequestRepairIfStopped(scan.Report());
            StoreLog.Validated(_logger, report.Scanned, report.Corrupt, report.Removed);
            return report;
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>Every entry the access index names, read by key: a damaged value fails its own read only.</summary>
    private void ScanIndex(ValidationScan scan, HashSet<byte[]> indexed)
    {
        using var iterator = Db.NewIterator(_handle.Access);
        for (iterator.Seek([AccessIndex.LookupPrefix]); iterator.Valid(); iterator.Next())
        {
            var lookup = iterator.GetKeySpan();
            if (!AccessIndex.IsLookupKey(lookup))
            {
                break;
            }

            byte[] key = AccessIndex.EntryKeyOfLookup(lookup).ToArray();
            indexed.Add(key);
            scan.Next();
            byte[]? value;
            try
            {
                value = Db.Get(key, _handle.Audio);
            }
            catch (RocksDbException ex)
            {
                _counters.CorruptFound();
                scan.Unreadable(Describe(key), ex);
                scan.CorruptFound(RemoveUnreadable(key));
                continue;
            }

            if (value is null)
            {
                // An index record whose audio is gone (a file lost to damage): the entry cannot be served.
                _counters.CorruptFound();
                StoreLog.UnreadableEntry(_logger, "audio", Describe(key), "indexed, but its value is missing");
                scan.CorruptFound(RemoveUnreadable(key));
                continue;
            }

            CheckValue(scan, key, value);
        }

        scan.Stopped(StoreHandle.IteratorError(iterator), "access index");
    }

    /// <summary>Audio the index does not name (left by damage to the index): indexed when valid, removed when not.</summary>
    private void ScanUnindexed(ValidationScan scan, HashSet<byte[]> indexed)
    {
        using var iterator = Db.NewIterator(_handle.Audio);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            byte[] key = iterator.Key();
            if (indexed.Contains(key))
            {
                continue;
            }

            scan.Next();
            byte[] value = iterator.Value();
            if (CheckValue(scan, key, value))
            {
                Reindex(key, value);
            }
        }

        scan.Stopped(StoreHandle.IteratorError(iterator), "audio");
    }

    private bool CheckValue(ValidationScan scan, byte[] key, byte[] value)
    {
        if (AudioFrame.TryDecode(value, out _, out var error))
        {
            return true;
        }

        _counters.CorruptFound();
        StoreLog.CorruptEntry(_logger, Describe(key), error);
        scan.CorruptFound(RemoveCorrupt(key, value));
        return false;
    }

    /// <summary>Removes an entry whose value cannot be read, unless a write made it readable meanwhile; never throws for I/O failures.</summary>
    private bool RemoveUnreadable(byte[] key)
    {
        try
        {
            lock (_writeLock)
            {
                try
                {
                    if (Db.Get(key, _handle.Audio) is { } replaced && AudioFrame.TryDecode(replaced, out _, out _))
                    {
                        return false;
                    }
                }
                catch (RocksDbException)
                {
                    // still unreadable: delete it
                }

                DeleteLocked(key);
                return true;
            }
        }
        catch (RocksDbException ex)
        {
            _handle.WriteFailed("unreadable entry removal", ex);
            return false;
        }
    }

    private void Reindex(byte[] key, byte[] value)
    {
        try
        {
            lock (_writeLock)
            {
                if (!TryReadEntry(AccessIndex.LookupKey(key), out _) && AudioFrame.TryDecode(value, out var audio, out _))
                {
                    WriteLocked(key, value, audio.Pcm.Length * 2L);
                }
            }
        }
        catch (RocksDbException ex)
        {
            _handle.WriteFailed("reindex", ex);
        }
    }

    private void RecountTotals()
    {
        lock (_writeLock)
        {
            _totals.Reset();
            _ = LoadTotals();
        }

        StoreLog.TotalsRecounted(_logger, _totals.Entries, _totals.StoredBytes);
    }
}
