using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

/// <summary>
/// Disk tier of the audio segment cache, in the <c>audio</c> and <c>access</c> column families of a
/// <see cref="LocalStore"/>: framed, compressed values, capped in stored bytes with
/// least-recently-used eviction. Thread-safe. Reads never serve a value that fails validation, and
/// writes never throw for I/O failures. After the <see cref="LocalStore"/> is disposed, reads miss
/// and writes fail (counted).
/// </summary>
public sealed partial class SegmentStore
{
    private readonly StoreHandle _handle;
    private readonly StoreOptions _options;
    private readonly ILogger _logger;
    private readonly StoreCounters _counters;
    private readonly StoreTotals _totals = new();
    private readonly AccessClock _clock;
    private readonly ConcurrentDictionary<byte[], long> _pendingAccess = new(ByteArrayComparer.Instance);

    // Serializes changes to the audio and its index so the totals move in step with each batch.
    // Voices have their own lock (VoiceStore): they touch neither.
    private readonly Lock _writeLock = new();
    private readonly Timer? _flushTimer;

    /// <summary>Recomputes the totals from the access index; caller holds the only reference to <paramref name="handle"/>.</summary>
    internal SegmentStore(StoreHandle handle, StoreOptions options)
    {
        _handle = handle;
        _options = options;
        _logger = handle.Logger;
        _counters = handle.Counters;
        _clock = new AccessClock(LoadTotals());
        if (options.AccessFlushInterval > TimeSpan.Zero)
        {
            _flushTimer = new Timer(static state => ((SegmentStore)state!).OnFlushTimer(), this,
                options.AccessFlushInterval, options.AccessFlushInterval);
        }
    }

    /// <summary>
    /// The audio on disk and the events since open. <see cref="StoreStats.WriteFailures"/> counts
    /// failed writes to the whole database, voice writes included, as one figure.
    /// </summary>
    public StoreStats Stats => new(
        _counters.Hits,
        _counters.Misses,
        _totals.Entries,
        _totals.RawBytes,
        _totals.StoredBytes,
        _counters.Evictions,
        _counters.Corrupt,
        _counters.WriteFailures);

    /// <summary>How the database opened (read-write, read only, disabled).</summary>
    public StoreMode Mode => _handle.Mode;

    /// <summary>Whether large audio values go to RocksDB blob files.</summary>
    public bool BlobFilesEnabled => _handle.BlobFilesEnabled;

    /// <summary>Writes the reads recorded since the last flush to the access index.</summary>
    public void FlushAccesses()
    {
        if (!_handle.TryEnter())
        {
            return;
        }

        try
        {
            if (!_handle.Writable)
            {
                return;
            }

            lock (_writeLock)
            {
                FlushAccessesLocked();
            }

            _handle.WriteCountsIfChanged();
        }
        catch (RocksDbException ex)
        {
            _handle.WriteFailed("access flush", ex);
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>Stops the periodic flush; the last one runs in <see cref="FlushBeforeClose"/>.</summary>
    internal void StopFlushTimer() => _flushTimer?.Dispose();

    /// <summary>Writes the recorded reads while the database closes; the gate is held for writing, so no call runs.</summary>
    internal void FlushBeforeClose()
    {
        lock (_writeLock)
        {
            FlushAccessesLocked();
        }
    }

    private void OnFlushTimer() => FlushAccesses();

    private RocksDb Db => _handle.Db;

    private static string Describe(ReadOnlySpan<byte> key) => Convert.ToHexString(key);
}
