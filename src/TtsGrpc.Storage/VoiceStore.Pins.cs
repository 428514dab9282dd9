using System.Text;
using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class VoiceStore
{
    /// <summary>
    /// Pins or unpins a voice; pins are kept on disk for the next start. Returns false when there
    /// is no such voice (nothing is pinned), after Dispose, or when the write failed.
    /// </summary>
    public bool SetPinned(string id, bool pinned)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!VoiceFrame.IsValidId(id))
        {
            return false;
        }

        // Pins are set again at every start (preload); one already as asked needs no durable write.
        if (PinAsAsked(VoiceFrame.Key(id), pinned) is { } known)
        {
            return known;
        }

        return _handle.TryWrite("voice pin", _writeLock, () =>
        {
            byte[] key = VoiceFrame.Key(id);
            bool exists = Db.HasKey(key, _handle.Voices);
            if (pinned && exists)
            {
                Db.Put(PinKey(key), Array.Empty<byte>(), _handle.Meta, DurableWrite);
            }
            else if (!pinned)
            {
                Db.Remove(PinKey(key), _handle.Meta, DurableWrite);
            }

            return exists;
        });
    }

    /// <summary>Whether the voice exists, when its pin is already as asked; null when a write is needed (or the read failed).</summary>
    private bool? PinAsAsked(byte[] key, bool pinned)
    {
        if (!_handle.TryEnter())
        {
            return null;
        }

        try
        {
            bool exists = Db.HasKey(key, _handle.Voices);
            bool isPinned = Db.HasKey(PinKey(key), _handle.Meta);
            return isPinned == (pinned && exists) ? exists : null;
        }
        catch (RocksDbException)
        {
            return null;
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>Ids of the pinned voices in key order. After Dispose, or when the pins cannot be read: empty.</summary>
    public IReadOnlyList<string> PinnedIds()
    {
        if (!_handle.TryEnter())
        {
            return [];
        }

        try
        {
            var ids = new List<string>();
            using var iterator = Db.NewIterator(_handle.Meta);
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
            _handle.Exit();
        }
    }
}
