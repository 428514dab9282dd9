using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class SegmentStore
{
    /// <summary>Removes every voice record and pin; returns how many records were removed. Audio stays.</summary>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public long ClearVoices()
    {
        EnterOrThrow();
        try
        {
            lock (_voiceLock)
            {
                long removed = DeleteAll(_store.Voices);
                DeletePins();
                StoreLog.VoicesCleared(_logger, removed);
                return removed;
            }
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Decodes every voice record; records that fail validation are removed with their pins and
    /// counted in <see cref="StoreStats.VoiceCorrupt"/>. Audio is checked by <see cref="Validate"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public ValidationReport ValidateVoices()
    {
        EnterOrThrow();
        try
        {
            var report = ScanVoices(valid: null);
            StoreLog.VoicesValidated(_logger, report.Scanned, report.Corrupt, report.Removed);
            return report;
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    private ValidationReport ScanVoices(List<StoredVoice>? valid)
    {
        long scanned = 0, corrupt = 0, removed = 0;
        using var iterator = _db.NewIterator(_store.Voices);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            scanned++;
            byte[] key = iterator.Key();
            byte[] value = iterator.Value();
            if (TryDecodeVoice(key, value, out var voice, out var error))
            {
                valid?.Add(voice);
                continue;
            }

            corrupt++;
            CorruptVoiceFound(key, error);
            if (RemoveCorruptVoice(key, value))
            {
                removed++;
            }
        }

        return new ValidationReport(scanned, corrupt, removed);
    }

    private void DeletePins()
    {
        using var batch = new WriteBatch();
        using var iterator = _db.NewIterator(_store.Meta);
        for (iterator.Seek(PinPrefix.ToArray()); iterator.Valid() && iterator.GetKeySpan().StartsWith(PinPrefix); iterator.Next())
        {
            batch.Delete(iterator.Key(), _store.Meta);
        }

        _db.Write(batch, DurableWrite);
    }
}
