using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class VoiceStore
{
    /// <summary>Removes every voice record and pin; returns how many records were removed. Audio stays.</summary>
    /// <exception cref="ObjectDisposedException">The <see cref="LocalStore"/> was disposed.</exception>
    public long Clear()
    {
        _handle.EnterOrThrow(nameof(VoiceStore));
        try
        {
            lock (_writeLock)
            {
                long removed = _handle.DeleteAll(_handle.Voices, options: DurableWrite);
                _handle.DeleteAll(_handle.Meta, PinPrefix, DurableWrite);
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
    /// counted in <see cref="Corrupt"/>. Audio is checked by <see cref="SegmentStore.Validate"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The <see cref="LocalStore"/> was disposed.</exception>
    public ValidationReport Validate()
    {
        _handle.EnterOrThrow(nameof(VoiceStore));
        try
        {
            var report = Scan(valid: null);
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
        long scanned = 0, corrupt = 0, removed = 0;
        using var iterator = _db.NewIterator(_handle.Voices);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            scanned++;
            byte[] key = iterator.Key();
            byte[] value = iterator.Value();
            if (TryDecode(key, value, out var voice, out var error))
            {
                valid?.Add(voice);
                continue;
            }

            corrupt++;
            CorruptFound(key, error);
            if (RemoveCorrupt(key, value))
            {
                removed++;
            }
        }

        return new ValidationReport(scanned, corrupt, removed);
    }
}
