using System.Diagnostics.CodeAnalysis;
using System.Text;
using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

/// <summary>
/// Created voices: one framed record per voice in the <c>voices</c> column family and a pin flag
/// per pinned voice in <c>meta</c>. Voices are outside the audio capacity, eviction and totals.
/// </summary>
public sealed partial class SegmentStore
{
    // A voice costs an upload and an analysis to make again and changes rarely, so its writes
    // wait for the WAL to reach the disk.
    private static readonly WriteOptions DurableWrite = new WriteOptions().SetSync(true);

    // Voice writes touch neither the audio values nor the totals, so they do not wait behind
    // audio puts and evictions on the write lock.
    private readonly Lock _voiceLock = new();

    private static ReadOnlySpan<byte> PinPrefix => "pin:"u8;

    /// <summary>
    /// Stores <paramref name="voice"/>, replacing a record with the same id (its pin stays).
    /// Returns false when nothing was stored: an id that is empty, longer than 128 characters or
    /// not valid UTF-16, a field that does not fit the record, or a failed write. Each is logged
    /// and counted in <see cref="StoreStats.WriteFailures"/>. Never throws for I/O failures.
    /// </summary>
    public bool TryPutVoice(StoredVoice voice)
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

        return WriteVoice("voice put", () =>
        {
            using var batch = new WriteBatch();
            batch.Put(VoiceFrame.Key(voice.Id), frame, _store.Voices);
            _db.Write(batch, DurableWrite);
            return true;
        }, countIfClosed: true);
    }

    /// <summary>
    /// The voice with this id, or null when there is none. A record that fails validation is
    /// removed with its pin, counted in <see cref="StoreStats.VoiceCorrupt"/> and reported as
    /// missing. After Dispose: null.
    /// </summary>
    public StoredVoice? TryGetVoice(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!VoiceFrame.IsValidId(id) || !TryEnter())
        {
            return null;
        }

        try
        {
            byte[] key = VoiceFrame.Key(id);
            byte[]? value;
            try
            {
                value = _db.Get(key, _store.Voices);
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

            if (TryDecodeVoice(key, value, out var voice, out var error))
            {
                return voice;
            }

            CorruptVoiceFound(key, error);
            RemoveCorruptVoice(key, value);
            return null;
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Removes a voice and its pin; false when there was no such voice or the delete failed.</summary>
    public bool RemoveVoice(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return VoiceFrame.IsValidId(id) && WriteVoice("voice remove", () =>
        {
            byte[] key = VoiceFrame.Key(id);
            bool existed = _db.HasKey(key, _store.Voices);
            DeleteVoiceLocked(key);
            return existed;
        });
    }

    /// <summary>
    /// Every valid voice, ordered by <see cref="StoredVoice.Created"/> then id. Records that fail
    /// validation are removed and counted as in <see cref="TryGetVoice"/>. After Dispose, or when
    /// the records cannot be read: empty.
    /// </summary>
    public IReadOnlyList<StoredVoice> ListVoices()
    {
        if (!TryEnter())
        {
            return [];
        }

        try
        {
            var voices = new List<StoredVoice>();
            ScanVoices(voices);
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
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Pins or unpins a voice; pins are kept on disk for the next start. Returns false when there
    /// is no such voice (nothing is pinned), after Dispose, or when the write failed.
    /// </summary>
    public bool SetVoicePinned(string id, bool pinned)
    {
        ArgumentNullException.ThrowIfNull(id);
        return VoiceFrame.IsValidId(id) && WriteVoice("voice pin", () =>
        {
            byte[] key = VoiceFrame.Key(id);
            bool exists = _db.HasKey(key, _store.Voices);
            if (pinned && exists)
            {
                _db.Put(PinKey(key), Array.Empty<byte>(), _store.Meta, DurableWrite);
            }
            else if (!pinned)
            {
                _db.Remove(PinKey(key), _store.Meta, DurableWrite);
            }

            return exists;
        });
    }

    /// <summary>Ids of the pinned voices in key order. After Dispose, or when the pins cannot be read: empty.</summary>
    public IReadOnlyList<string> PinnedVoiceIds()
    {
        if (!TryEnter())
        {
            return [];
        }

        try
        {
            var ids = new List<string>();
            using var iterator = _db.NewIterator(_store.Meta);
            for (iterator.Seek(PinPrefix.ToArray()); iterator.Valid(); iterator.Next())
            {
                var key = iterator.GetKeySpan();
                if (!key.StartsWith(PinPrefix))
                {
                    break;
                }

                string id = Encoding.UTF8.GetString(key[PinPrefix.Length..]);
                if (VoiceFrame.IsValidId(id))
                {
                    ids.Add(id);
                }
            }

            return ids;
        }
        catch (RocksDbException ex)
        {
            StoreLog.ReadFailed(_logger, "voice pins", ex);
            return [];
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Decodes a record and checks that it is the one its key names.</summary>
    private static bool TryDecodeVoice(byte[] key, byte[] value, [NotNullWhen(true)] out StoredVoice? voice, out FrameError error)
    {
        if (!VoiceFrame.TryDecode(value, out voice, out error))
        {
            return false;
        }

        if (!key.AsSpan().SequenceEqual(VoiceFrame.Key(voice.Id)))
        {
            voice = null;
            error = FrameError.BadMetadata;
            return false;
        }

        return true;
    }

    private void CorruptVoiceFound(byte[] key, FrameError error)
    {
        _counters.VoiceCorruptFound();
        StoreLog.CorruptVoice(_logger, Encoding.UTF8.GetString(key), error);
    }

    /// <summary>
    /// Removes a record found corrupt, and its pin, unless it was replaced since it was read.
    /// Never throws for I/O failures: a failed delete is logged and counted.
    /// </summary>
    private bool RemoveCorruptVoice(byte[] key, byte[] seen)
    {
        try
        {
            lock (_voiceLock)
            {
                byte[]? current = _db.Get(key, _store.Voices);
                if (current is null || !current.AsSpan().SequenceEqual(seen))
                {
                    return false;
                }

                DeleteVoiceLocked(key);
                return true;
            }
        }
        catch (RocksDbException ex)
        {
            WriteFailed("corrupt voice removal", ex);
            return false;
        }
    }

    /// <summary>
    /// Runs a voice write inside the dispose gate and under the voice lock. False when the store is
    /// closed (counted as a write failure only when <paramref name="countIfClosed"/>) or when RocksDB
    /// fails (logged and counted); never throws for I/O failures.
    /// </summary>
    private bool WriteVoice(string operation, Func<bool> write, bool countIfClosed = false)
    {
        if (!TryEnter())
        {
            if (countIfClosed)
            {
                _counters.WriteFailed();
                StoreLog.WriteAfterDispose(_logger);
            }

            return false;
        }

        try
        {
            lock (_voiceLock)
            {
                return write();
            }
        }
        catch (RocksDbException ex)
        {
            WriteFailed(operation, ex);
            return false;
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Deletes a voice record and its pin in one batch. Caller holds the voice lock.</summary>
    private void DeleteVoiceLocked(byte[] key)
    {
        using var batch = new WriteBatch();
        batch.Delete(key, _store.Voices);
        batch.Delete(PinKey(key), _store.Meta);
        _db.Write(batch, DurableWrite);
    }

    private static byte[] PinKey(byte[] voiceKey) => [.. PinPrefix, .. voiceKey];
}
