using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class SegmentStore
{
    /// <summary>
    /// Stores <paramref name="audio"/> under <paramref name="key"/>, replacing any previous value,
    /// then evicts least recently used entries past the capacity. Returns false when nothing was
    /// stored: empty audio, an entry larger than the whole capacity, or a failed write (logged and
    /// counted in <see cref="StoreStats.WriteFailures"/>). Never throws for I/O failures.
    /// </summary>
    public bool TryPut(ReadOnlySpan<byte> key, StoredAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.Pcm is null || audio.Pcm.Length == 0)
        {
            StoreLog.EmptyAudioRejected(_logger, Describe(key));
            return false;
        }

        byte[] frame;
        try
        {
            frame = AudioFrame.Encode(audio);
        }
        catch (ArgumentException ex)
        {
            _counters.WriteFailed();
            StoreLog.InvalidAudio(_logger, Describe(key), ex);
            return false;
        }

        if (frame.Length > _options.CapacityBytes)
        {
            StoreLog.EntryTooLarge(_logger, Describe(key), frame.Length, _options.CapacityBytes);
            return false;
        }

        byte[] entryKey = key.ToArray();
        long rawBytes = audio.Pcm.Length * 2L;
        return _handle.TryWrite("put", _writeLock, () =>
        {
            WriteLocked(entryKey, frame, rawBytes);
            EvictIfNeededLocked();
            return true;
        }, countIfClosed: true);
    }

    /// <summary>Removes the entry for <paramref name="key"/>; false when there was none or the delete failed.</summary>
    public bool Remove(ReadOnlySpan<byte> key)
    {
        if (!_handle.TryEnter())
        {
            return false;
        }

        try
        {
            lock (_writeLock)
            {
                byte[] entryKey = key.ToArray();
                bool indexed = TryReadEntry(AccessIndex.LookupKey(entryKey), out _);
                if (!indexed && !Db.HasKey(entryKey, _handle.Audio))
                {
                    return false;
                }

                DeleteLocked(entryKey);
                return true;
            }
        }
        catch (RocksDbException ex)
        {
            _handle.WriteFailed("remove", ex);
            return false;
        }
        finally
        {
            _handle.Exit();
        }
    }

    private void WriteLocked(byte[] key, byte[] frame, long rawBytes)
    {
        byte[] lookupKey = AccessIndex.LookupKey(key);
        bool replacing = TryReadEntry(lookupKey, out var previous);
        var entry = new IndexEntry(_clock.Next(), frame.Length, rawBytes);
        byte[] value = AccessIndex.EncodeEntry(entry);
        using var batch = new WriteBatch();
        batch.Put(key, frame, _handle.Audio);
        if (replacing)
        {
            batch.Delete(AccessIndex.OrderKey(previous.Stamp, key), _handle.Access);
        }

        batch.Put(lookupKey, value, _handle.Access);
        batch.Put(AccessIndex.OrderKey(entry.Stamp, key), value, _handle.Access);
        Db.Write(batch);
        if (replacing)
        {
            _totals.Subtract(previous);
        }

        _totals.Add(entry);
    }

    // The value is already written; a failing eviction is logged and counted but does not make
    // the put fail. The next put tries again.
    private void EvictIfNeededLocked()
    {
        if (_totals.StoredBytes <= _options.CapacityBytes)
        {
            return;
        }

        try
        {
            EvictLocked();
        }
        catch (RocksDbException ex)
        {
            _handle.WriteFailed("eviction", ex);
        }
    }

    /// <summary>Deletes the audio value and both index records of one entry. Caller holds the write lock.</summary>
    private void DeleteLocked(byte[] key)
    {
        byte[] lookupKey = AccessIndex.LookupKey(key);
        bool indexed = TryReadEntry(lookupKey, out var entry);
        using var batch = new WriteBatch();
        batch.Delete(key, _handle.Audio);
        batch.Delete(lookupKey, _handle.Access);
        if (indexed)
        {
            batch.Delete(AccessIndex.OrderKey(entry.Stamp, key), _handle.Access);
        }

        Db.Write(batch);
        if (indexed)
        {
            _totals.Subtract(entry);
        }
    }
}
