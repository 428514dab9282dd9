using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

/// <summary>
/// Disk tier of the audio segment cache: one RocksDB database with framed, compressed values,
/// capped in stored bytes with least-recently-used eviction. Thread-safe. Reads never serve a
/// value that fails validation, and writes never throw for I/O failures. Created voices are kept
/// beside the audio (<c>SegmentStore.Voices.cs</c>), outside its capacity and eviction.
/// </summary>
public sealed partial class SegmentStore : IDisposable
{
    private readonly StoreDatabase _store;
    private readonly RocksDb _db;
    private readonly StoreOptions _options;
    private readonly ILogger _logger;
    private readonly StoreCounters _counters = new();
    private readonly StoreTotals _totals = new();
    private readonly AccessClock _clock;
    private readonly ConcurrentDictionary<byte[], long> _pendingAccess = new(ByteArrayComparer.Instance);

    // Every operation holds the gate for reading; Dispose takes it for writing, so the native
    // handle is never closed under a running call.
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);

    // Serializes changes to the disk state so the totals move in step with each batch.
    private readonly Lock _writeLock = new();
    private readonly Timer? _flushTimer;
    private bool _disposed;

    private SegmentStore(StoreDatabase store, StoreOptions options, ILogger logger)
    {
        _store = store;
        _db = store.Db;
        _options = options;
        _logger = logger;
        _clock = new AccessClock(LoadTotals());
        if (options.AccessFlushInterval > TimeSpan.Zero)
        {
            _flushTimer = new Timer(static state => ((SegmentStore)state!).OnFlushTimer(), this,
                options.AccessFlushInterval, options.AccessFlushInterval);
        }
    }

    public StoreStats Stats => new(
        _counters.Hits,
        _counters.Misses,
        _totals.Entries,
        _totals.RawBytes,
        _totals.StoredBytes,
        _counters.Evictions,
        _counters.Corrupt,
        _counters.WriteFailures)
    {
        VoiceCorrupt = _counters.VoiceCorrupt,
    };

    /// <summary>Whether large audio values go to RocksDB blob files.</summary>
    public bool BlobFilesEnabled => _store.BlobFilesEnabled;

    /// <summary>
    /// Opens or creates the store in <see cref="StoreOptions.Directory"/>. Entry count and byte
    /// totals are recomputed from the access index, so they survive any kind of shutdown.
    /// </summary>
    public static SegmentStore Open(StoreOptions options, ILogger<SegmentStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CapacityBytes);

        string directory = Path.GetFullPath(options.Directory);
        Directory.CreateDirectory(directory);
        var store = StoreDatabase.Open(directory, logger);
        try
        {
            StoreSchema.EnsureVersion(store.Db, store.Meta, directory);
            var segmentStore = new SegmentStore(store, options, logger);
            StoreLog.Opened(logger, directory, segmentStore._totals.Entries, segmentStore._totals.StoredBytes,
                options.CapacityBytes, store.BlobFilesEnabled);
            return segmentStore;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Writes the reads recorded since the last flush to the access index.</summary>
    public void FlushAccesses()
    {
        if (!TryEnter())
        {
            return;
        }

        try
        {
            lock (_writeLock)
            {
                FlushAccessesLocked();
            }
        }
        catch (RocksDbException ex)
        {
            WriteFailed("access flush", ex);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Writes memtables to disk files; lets tests look at blob and SST files.</summary>
    internal void FlushMemtables()
    {
        if (TryEnter())
        {
            try
            {
                _store.FlushMemtables();
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
    }

    public void Dispose()
    {
        _flushTimer?.Dispose();
        _gate.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                lock (_writeLock)
                {
                    FlushAccessesLocked();
                }
            }
            catch (RocksDbException ex)
            {
                WriteFailed("access flush", ex);
            }

            _disposed = true;
            _store.Dispose();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Enters the gate for reading; false (and not entered) once disposed.</summary>
    private bool TryEnter()
    {
        _gate.EnterReadLock();
        if (!_disposed)
        {
            return true;
        }

        _gate.ExitReadLock();
        return false;
    }

    private void OnFlushTimer() => FlushAccesses();

    private void WriteFailed(string operation, Exception exception)
    {
        _counters.WriteFailed();
        StoreLog.WriteFailed(_logger, operation, exception);
    }

    private static string Describe(ReadOnlySpan<byte> key) => Convert.ToHexString(key);
}
