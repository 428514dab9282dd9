using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

internal sealed partial class StoreHandle
{
    // The record a clean close leaves is synced: it is what the next open trusts most.
    private static readonly WriteOptions DurableCounts = new WriteOptions().SetSync(true);

    // Serializes writes of the counts record, so an older figure never lands after a newer one.
    private readonly Lock _countsLock = new();
    private Func<long> _segmentEntries = static () => 0;
    private long _voiceEntries;
    private StoreCounts? _lastWritten;
    private int _countsFileFailureLogged;

    /// <summary>Created voices on disk; changed by the voice store under its write lock, in step with its batches.</summary>
    public long VoiceEntries => Interlocked.Read(ref _voiceEntries);

    /// <summary>Where the segment count comes from (the segment store's totals).</summary>
    public void CountSegmentsWith(Func<long> entries) => _segmentEntries = entries;

    public void SetVoiceEntries(long count) => Interlocked.Exchange(ref _voiceEntries, count);

    /// <summary>
    /// Writes a voice batch with the counts record that includes its change (<paramref name="voices"/> after it),
    /// so the voice figure on disk is always exact. Caller holds the gate and the voice store's write lock.
    /// </summary>
    public void WriteWithCounts(WriteBatch batch, long voices, WriteOptions options)
    {
        lock (_countsLock)
        {
            var counts = StoreCounts.Now(_segmentEntries(), voices, clean: false);
            batch.Put(StoreCounts.Key, counts.Encode(), Meta);
            Db.Write(batch, options);
            SetVoiceEntries(voices);
            Recorded(counts);
        }
    }

    /// <summary>Writes the counts record when a figure changed since the last one (the access flush timer). Caller holds the gate.</summary>
    public void WriteCountsIfChanged()
    {
        lock (_countsLock)
        {
            var counts = StoreCounts.Now(_segmentEntries(), VoiceEntries, clean: false);
            if (!counts.SameFigures(_lastWritten))
            {
                Db.Put(StoreCounts.Key, counts.Encode(), Meta);
                Recorded(counts);
            }
        }
    }

    /// <summary>Writes the counts record now: not clean at open, clean as the last write of a close. Caller holds the gate.</summary>
    public void WriteCounts(bool clean)
    {
        lock (_countsLock)
        {
            var counts = StoreCounts.Now(_segmentEntries(), VoiceEntries, clean);
            Db.Put(StoreCounts.Key, counts.Encode(), Meta, clean ? DurableCounts : null);
            Recorded(counts);
        }
    }

    /// <summary>Mirrors a record written to <c>meta</c> into the file beside the store (replaced whole, synced). Caller holds the counts lock.</summary>
    private void Recorded(StoreCounts counts)
    {
        _lastWritten = counts;
        var path = StoreCounts.FilePath(Directory);
        var temporary = path + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(counts.Encode());
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Interlocked.Exchange(ref _countsFileFailureLogged, 1) == 0)
            {
                StoreLog.CountsFileFailed(Logger, path, e.Message);
            }
        }
    }
}
