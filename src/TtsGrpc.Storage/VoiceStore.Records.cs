using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class VoiceStore
{
    /// <summary>
    /// Stores <paramref name="voice"/>, replacing a record with the same id (its pin stays).
    /// Returns false when nothing was stored: an id that is empty, longer than 128 characters or
    /// not valid UTF-16, a field that does not fit the record, or a failed write. Each is logged
    /// and counted in <see cref="StoreStats.WriteFailures"/>. Never throws for I/O failures.
    /// </summary>
    public bool TryPut(StoredVoice voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        byte[] frame;
        try
        {
            frame = VoiceFrame.Encode(voice);
        }
        catch (ArgumentException ex)
        {
            _counters.WriteFailed();
            StoreLog.InvalidVoice(_logger, voice.Id, ex);
            return false;
        }

        return _handle.TryWrite("voice put", _writeLock, () =>
        {
            byte[] key = VoiceFrame.Key(voice.Id);
            bool replacing = Db.HasKey(key, _handle.Voices);
            using var batch = new WriteBatch();
            batch.Put(key, frame, _handle.Voices);
            _handle.WriteWithCounts(batch, _handle.VoiceEntries + (replacing ? 0 : 1), DurableWrite);
            return true;
        }, countIfClosed: true);
    }

    /// <summary>
    /// The voice with this id, or null when there is none. A record that fails validation is
    /// removed with its pin, counted in <see cref="Corrupt"/> and reported as missing. After
    /// Dispose: null.
    /// </summary>
    public StoredVoice? TryGet(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!VoiceFrame.IsValidId(id) || !_handle.TryEnter())
        {
            return null;
        }

        try
        {
            byte[] key = VoiceFrame.Key(id);
            byte[]? value;
            try
            {
                value = Db.Get(key, _handle.Voices);
            }
            catch (RocksDbException ex)
            {
                StoreLog.ReadFailed(_logger, "voice " + id, ex);
                return null;
            }

            if (value is null)
            {
                return null;
            }

            if (TryDecode(key, value, out var voice, out var error))
            {
                return voice;
            }

            CorruptFound(key, error);
            RemoveCorrupt(key, value);
            return null;
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>Removes a voice and its pin; false when there was no such voice or the delete failed.</summary>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return VoiceFrame.IsValidId(id) && _handle.TryWrite("voice remove", _writeLock, () =>
        {
            byte[] key = VoiceFrame.Key(id);
            bool existed = Db.HasKey(key, _handle.Voices);
            DeleteLocked(key);
            return existed;
        });
    }

    /// <summary>
    /// Every valid voice, ordered by <see cref="StoredVoice.Created"/> then id. Records that fail
    /// validation are removed and counted as in <see cref="TryGet"/>. After Dispose, or when the
    /// records cannot be read: empty.
    /// </summary>
    public IReadOnlyList<StoredVoice> List()
    {
        if (!_handle.TryEnter())
        {
            return [];
        }

        try
        {
            var voices = new List<StoredVoice>();
            Scan(voices);
            voices.Sort(static (a, b) => a.Created != b.Created
                ? a.Created.CompareTo(b.Created)
                : string.CompareOrdinal(a.Id, b.Id));
            return voices;
        }
        catch (RocksDbException ex)
        {
            StoreLog.ReadFailed(_logger, "voices", ex);
            return [];
        }
        finally
        {
            _handle.Exit();
        }
    }
}
