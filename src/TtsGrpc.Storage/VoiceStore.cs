using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Extensions.Logging;
using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

/// <summary>
/// Created voices, in the <c>voices</c> column family of a <see cref="LocalStore"/>: one framed
/// record per voice, and a pin flag per pinned voice in <c>meta</c>. User data, not cache: outside
/// the audio capacity, eviction and totals, and written durably. Thread-safe; reads never serve a
/// record that fails validation and writes never throw for I/O failures. After the
/// <see cref="LocalStore"/> is disposed, reads return nothing and writes return false.
/// </summary>
public sealed partial class VoiceStore
{
    // A voice costs an upload and an analysis to make again and changes rarely, so its writes
    // wait for the WAL to reach the disk.
    private static readonly WriteOptions DurableWrite = new WriteOptions().SetSync(true);

    private readonly StoreHandle _handle;
    private readonly ILogger _logger;
    private readonly StoreCounters _counters;

    // Voice writes touch neither the audio values nor the totals, so they do not wait behind
    // audio puts and evictions on the segment store's lock.
    private readonly Lock _writeLock = new();

    internal VoiceStore(StoreHandle handle)
    {
        _handle = handle;
        _logger = handle.Logger;
        _counters = handle.Counters;
        handle.SetVoiceEntries(CountRecords());
    }

    /// <summary>
    /// Voice records found corrupt (and removed) since open; audio corruption is in
    /// <see cref="StoreStats.Corrupt"/>. Failed voice writes are counted with the audio ones in
    /// <see cref="StoreStats.WriteFailures"/> of <see cref="LocalStore.Segments"/>.
    /// </summary>
    public long Corrupt => _counters.VoiceCorrupt;

    /// <summary>Voice records on disk (corrupt ones not yet found included).</summary>
    public long Count => _handle.VoiceEntries;

    private RocksDb Db => _handle.Db;

    private static ReadOnlySpan<byte> PinPrefix => "pin:"u8;

    /// <summary>Decodes a record and checks that it is the one its key names.</summary>
    private static bool TryDecode(byte[] key, byte[] value, [NotNullWhen(true)] out StoredVoice? voice, out FrameError error)
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

    private static byte[] PinKey(byte[] voiceKey) => [.. PinPrefix, .. voiceKey];

    private void CorruptFound(byte[] key, FrameError error)
    {
        _counters.VoiceCorruptFound();
        StoreLog.CorruptVoice(_logger, Encoding.UTF8.GetString(key), error);
    }

    /// <summary>Removes a record found corrupt, and its pin, unless it was replaced since it was read; never throws for I/O failures.</summary>
    private bool RemoveCorrupt(byte[] key, byte[] seen) =>
        _handle.RemoveIfUnchanged(_handle.Voices, key, seen, _writeLock, DeleteLocked, "corrupt voice removal");

    /// <summary>Deletes a voice record and its pin in one batch, with the new count. Caller holds the write lock.</summary>
    private void DeleteLocked(byte[] key)
    {
        bool existed = Db.HasKey(key, _handle.Voices);
        using var batch = new WriteBatch();
        batch.Delete(key, _handle.Voices);
        batch.Delete(PinKey(key), _handle.Meta);
        _handle.WriteWithCounts(batch, Math.Max(0, _handle.VoiceEntries - (existed ? 1 : 0)), DurableWrite);
    }

    /// <summary>Counts the records at open (keys only matter); a scan that stops early is logged and counts what it read.</summary>
    private long CountRecords()
    {
        if (_handle.Mode == StoreMode.Disabled)
        {
            return 0;
        }

        long count = 0;
        using var iterator = Db.NewIterator(_handle.Voices);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            count++;
        }

        if (StoreHandle.IteratorError(iterator) is { } error)
        {
            StoreLog.ScanStopped(_logger, "voices", count, error);
        }

        return count;
    }
}
