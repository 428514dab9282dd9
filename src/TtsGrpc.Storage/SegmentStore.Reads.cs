using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class SegmentStore
{
    /// <summary>
    /// The stored audio for <paramref name="key"/>, or null on a miss. A value that fails
    /// validation, or that RocksDB reports damaged or missing, is removed, counted as corrupt and
    /// reported as a miss. After Dispose: null.
    /// </summary>
    public StoredAudio? TryGet(ReadOnlySpan<byte> key)
    {
        if (!_handle.TryEnter())
        {
            return null;
        }

        try
        {
            byte[]? value;
            try
            {
                value = Db.Get(key, _handle.Audio);
            }
            catch (RocksDbException ex)
            {
                _counters.Miss();
                if (!StoreHandle.IsDamage(ex))
                {
                    StoreLog.ReadFailed(_logger, Describe(key), ex);
                    return null;
                }

                // A value that can never be read (a damaged or missing file) goes, as a corrupt one does.
                _counters.CorruptFound();
                StoreLog.UnreadableEntry(_logger, "audio", Describe(key), ex.Message);
                RemoveUnreadable(key.ToArray());
                return null;
            }

            if (value is null)
            {
                _counters.Miss();
                return null;
            }

            if (!AudioFrame.TryDecode(value, out var audio, out var error))
            {
                _counters.Miss();
                _counters.CorruptFound();
                StoreLog.CorruptEntry(_logger, Describe(key), error);
                RemoveCorrupt(key.ToArray(), value);
                return null;
            }

            _counters.Hit();
            RecordAccess(key);
            return audio;
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>Whether an entry exists, from the access index; the audio is neither read nor validated.</summary>
    public bool Contains(ReadOnlySpan<byte> key)
    {
        if (!_handle.TryEnter())
        {
            return false;
        }

        try
        {
            return Db.HasKey(AccessIndex.LookupKey(key), _handle.Access);
        }
        catch (RocksDbException ex)
        {
            StoreLog.ReadFailed(_logger, Describe(key), ex);
            return false;
        }
        finally
        {
            _handle.Exit();
        }
    }
}
