using Microsoft.Extensions.Logging;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

/// <summary>
/// The one RocksDB database on disk and the two stores over it: <see cref="Segments"/>, the audio
/// cache (capacity, eviction), and <see cref="Voices"/>, created voices (user data, durable writes,
/// outside the capacity). Disposing closes the database once, after running calls finish; the
/// stores then miss on reads and fail (and count) writes.
/// </summary>
public sealed class LocalStore : IDisposable
{
    private readonly StoreHandle _handle;

    private LocalStore(StoreHandle handle, StoreOptions options)
    {
        _handle = handle;
        Segments = new SegmentStore(handle, options);
        Voices = new VoiceStore(handle);
    }

    public SegmentStore Segments { get; }

    public VoiceStore Voices { get; }

    /// <summary>
    /// Opens or creates the database in <see cref="StoreOptions.Directory"/>. Audio entry count and
    /// byte totals are recomputed from the access index, so they survive any kind of shutdown.
    /// </summary>
    public static LocalStore Open(StoreOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CapacityBytes);

        string directory = Path.GetFullPath(options.Directory);
        Directory.CreateDirectory(directory);
        var database = StoreDatabase.Open(directory, logger);
        try
        {
            StoreSchema.EnsureVersion(database.Db, database.Meta, directory);
            var store = new LocalStore(new StoreHandle(database, logger), options);
            var stats = store.Segments.Stats;
            StoreLog.Opened(logger, directory, stats.Entries, stats.StoredBytes, options.CapacityBytes, database.BlobFilesEnabled);
            return store;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Writes memtables to disk files; lets tests look at blob and SST files.</summary>
    internal void FlushMemtables() => _handle.FlushMemtables();

    public void Dispose()
    {
        Segments.StopFlushTimer();
        _handle.Close(Segments.FlushBeforeClose);
    }
}
