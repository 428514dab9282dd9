using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class VoiceStore
{
    /// <summary>
    /// Removes every voice record and pin; returns how many records were removed. Audio stays. A read-only or
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

        _handle.EnterOrThrow(nameof(VoiceStore));
        try
        {
            lock (_writeLock)
            {
                long removed = _handle.DeleteAll(_handle.Voices, options: DurableWrite);
                _handle.DeleteAll(_handle.Meta, PinPrefix, DurableWrite);
                using (var batch = new WriteBatch())
                {
                    _handle.WriteWithCounts(batch, 0, DurableWrite);
                }

                StoreLog.VoicesCleared(_logger, removed);
                return removed;
            }
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>
    /// Decodes every voice record; records that fail validation are removed with their pins and
    /// counted in <see cref="Corrupt"/>. Audio is checked by <see cref="SegmentStore.Validate"/>. A scan that
    /// RocksDB stops early (a damaged file) is reported in <see cref="ValidationReport.Error"/>; the records past it
    /// are not removed, since they are user data that a repair may bring back. A disabled store reports nothing scanned.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The <see cref="LocalStore"/> was disposed.</exception>
    public ValidationReport Validate()
    {
        if (_handle.Mode == StoreMode.Disabled)
        {
            return new ValidationReport(0, 0, 0) { Error = "the store is disabled" };
        }

        _handle.EnterOrThrow(nameof(VoiceStore));
        try
        {
            var report = _handle.RequestRepairIfStopped(Scan(valid: null));

            StoreLog.VoicesValidated(_logger, report.Scanned, report.Corrupt, report.Removed);
            return report;
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>Decodes every record, adding the valid ones to <paramref name="valid"/> and removing the others. Caller holds the gate.</summary>
    private ValidationReport Scan(List<StoredVoice>? valid)
    {
        var scan = new ValidationScan(_logger, "voices", _handle.VoiceEntries, _handle.Directory, CancellationToken.None);
        using var iterator = Db.NewIterator(_handle.Voices);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            scan.Next();
            byte[] key = iterator.Key();
            byte[] value = iterator.Value();
            if (TryDecode(key, value, out var voice, out var error))
            {
                valid?.Add(voice);
                continue;
            }

            CorruptFound(key, error);
            scan.CorruptFound(RemoveCorrupt(key, value));
        }

        scan.Stopped(StoreHandle.IteratorError(iterator), "voices");
        return scan.Report();
    }
}
