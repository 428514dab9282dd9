using Microsoft.Extensions.Logging;
using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

/// <summary>
/// The one RocksDB database on disk and the stores over it: <see cref="Segments"/>, the audio
/// cache (capacity, eviction), <see cref="Voices"/>, created voices (user data, durable writes,
/// outside the capacity), and <see cref="Embeddings"/>, imported voice embeddings (outside the capacity). Disposing closes the database once, after running calls finish; the
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
        Embeddings = new EmbeddingStore(handle);
        handle.CountSegmentsWith(() => Segments.Stats.Entries);
    }

    public SegmentStore Segments { get; }

    public VoiceStore Voices { get; }

    public EmbeddingStore Embeddings { get; }

    /// <summary>How the store opened at start, and what it found against its last count record.</summary>
    public StoreOpenReport OpenReport { get; private set; } = null!;

    /// <summary>
    /// Opens or creates the database in <see cref="StoreOptions.Directory"/>. Audio entry count and
    /// byte totals are recomputed from the access index, so they survive any kind of shutdown. Damage
    /// does not stop the start: a store that does not open is repaired, or moved aside and started
    /// empty; an unwritable one is opened read only, or not at all (<see cref="StoreMode.Disabled"/>).
    /// <see cref="OpenReport"/> says which, and the log says it loudly.
    /// </summary>
    /// <exception cref="InvalidDataException">The store was written by another schema version (one line saying what to do).</exception>
    /// <exception cref="IOException">Another process has the store open (one line saying what to do).</exception>
    public static LocalStore Open(StoreOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CapacityBytes);

        string directory = Path.GetFullPath(options.Directory);
        var opened = StoreOpener.Open(directory, logger);
        var handle = new StoreHandle(opened.Database, opened.Mode, directory, logger);
        try
        {
            var store = new LocalStore(handle, options);
            var stats = store.Segments.Stats;
            var last = opened.LastCounts;
            store.OpenReport = new StoreOpenReport(
                opened.Mode, opened.Recovery, opened.Problem, opened.DamagedCopy, last?.Segments, last?.Voices,
                last?.Clean ?? false, stats.Entries, handle.VoiceEntries);
            if (handle.Writable)
            {
                try
                {
                    handle.WriteCounts(clean: false); // a crash from here on reads as one at the next open
                }
                catch (RocksDbException ex)
                {
                    handle.WriteFailed("counts record", ex);
                }
            }

            if (opened.Mode != StoreMode.Disabled)
            {
                StoreLog.Opened(logger, directory, stats.Entries, stats.StoredBytes, options.CapacityBytes, handle.BlobFilesEnabled);
            }

            LogReport(logger, directory, store.OpenReport);
            return store;
        }
        catch
        {
            handle.Close(static () => { });
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

    private static void LogReport(ILogger logger, string directory, StoreOpenReport report)
    {
        var copy = report.DamagedCopy ?? "(no copy could be made)";
        switch (report)
        {
            case { Mode: StoreMode.ReadOnly }:
                StoreLog.OpenedReadOnly(logger, directory, report.Problem ?? "");
                break;
            case { Recovery: StoreRecovery.Repaired }:
                StoreLog.Repaired(logger, directory, report.Problem ?? "", copy);
                break;
            case { Recovery: StoreRecovery.Replaced }:
                StoreLog.Replaced(logger, directory, report.Problem ?? "", copy);
                break;
        }

        if (report.ExpectedSegments is not { } expectedSegments || report.ExpectedVoices is not { } expectedVoices)
        {
            return;
        }

        if (report.VoicesLost is { } lost && lost > 0)
        {
            StoreLog.VoicesLost(logger, lost, expectedVoices, report.Voices, report.DamagedCopy ?? "the data directory's backups");
        }

        if (expectedSegments != report.Segments || expectedVoices != report.Voices)
        {
            // After a crash the segment figure may be a few seconds old, so a difference is expected then.
            var level = report.LastShutdownClean || report.Recovery != StoreRecovery.None ? LogLevel.Warning : LogLevel.Information;
            var shutdown = report.LastShutdownClean ? "clean shutdown" : "written while running; the last run did not shut down cleanly";
            StoreLog.CountsDiffer(logger, level, report.Segments, report.Voices, shutdown, expectedSegments, expectedVoices);
        }
    }
}
