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
        return VoiceFrame.IsValidId(id) && Write("voice pin", () =>
        {
            byte[] key = VoiceFrame.Key(id);
            bool exists = _db.HasKey(key, _handle.Voices);
            if (pinned && exists)
            {
                _db.Put(PinKey(key), Array.Empty<byte>(), _handle.Meta, DurableWrite);
            }
            else if (!pinned)
            {
                _db.Remove(PinKey(key), _handle.Meta, DurableWrite);
            }

            return exists;
        });
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
            using var iterator = _db.NewIterator(_handle.Meta);
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
