using Microsoft.Extensions.Logging;
using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// The open database shared by <see cref="SegmentStore"/>, <see cref="VoiceStore"/> and <see cref="EmbeddingStore"/>: the RocksDB
/// handle and its column families, the dispose gate, the event counters and the logger. Only
/// <see cref="LocalStore"/> closes it, once. A Disabled store has no database and is closed from the start.
/// </summary>
internal sealed partial class StoreHandle
{
    private readonly StoreDatabase? _database;

    // Every operation of either store holds the gate for reading; Close takes it for writing, so the
    // native handle is never closed under a running call.
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private bool _closed;
    private int _refusalLogged;

    public StoreHandle(StoreDatabase? database, StoreMode mode, string directory, ILogger logger)
    {
        _database = database;
        _closed = database is null;
        Mode = mode;
        Directory = directory;
        Logger = logger;
    }

    public StoreMode Mode { get; }
    public string Directory { get; }
    public bool Writable => Mode == StoreMode.ReadWrite;

    // Used only inside the gate, which a Disabled store never lets anyone into.
    public RocksDb Db => Database.Db;
    public ColumnFamilyHandle Audio => Database.Audio;
    public ColumnFamilyHandle Access => Database.Access;
    public ColumnFamilyHandle Meta => Database.Meta;
    public ColumnFamilyHandle Voices => Database.Voices;
    public ColumnFamilyHandle? Embeddings => Database.Embeddings;
    public bool BlobFilesEnabled => _database?.BlobFilesEnabled ?? false;
    public ILogger Logger { get; }

    private StoreDatabase Database => _database ?? throw new InvalidOperationException("The store is disabled; it has no database.");

    /// <summary>One set for the database, so a failed write is counted once whichever store made it.</summary>
    public StoreCounters Counters { get; } = new();

    /// <summary>Enters the gate for reading; false (and not entered) once closed. A true return must be paired with <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        _gate.EnterReadLock();
        if (!_closed)
        {
            return true;
        }

        _gate.ExitReadLock();
        return false;
    }

    /// <summary>As <see cref="TryEnter"/>, for calls that report a closed store to their caller.</summary>
    /// <exception cref="ObjectDisposedException">The database was closed.</exception>
    public void EnterOrThrow(string storeName)
    {
        if (!TryEnter())
        {
            throw new ObjectDisposedException(storeName);
        }
    }

    public void Exit() => _gate.ExitReadLock();

    /// <summary>
    /// Waits for running calls, runs <paramref name="beforeClose"/> while the handle is still open
    /// (a RocksDB failure there is logged and counted) and closes it; later calls find it closed.
    /// </summary>
    public void Close(Action beforeClose)
    {
        _gate.EnterWriteLock();
        try
        {
            if (_closed)
            {
                return;
            }

            if (Writable)
            {
                try
                {
                    beforeClose();
                    WriteCounts(clean: true);
                    // After a clean stop everything is in SST and blob files, so damage to the WAL loses nothing.
                    Database.FlushMemtables();
                }
                catch (RocksDbException ex)
                {
                    WriteFailed("close", ex);
                }
            }

            _closed = true;
            _database?.Dispose();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Writes memtables to disk files; lets tests look at blob and SST files.</summary>
    public void FlushMemtables()
    {
        if (TryEnter())
        {
            try
            {
                Database.FlushMemtables();
            }
            finally
            {
                Exit();
            }
        }
    }

    /// <summary>
    /// Runs a write inside the dispose gate and under <paramref name="writeLock"/>: the one way both stores write.
    /// False when the store is closed (counted as a write failure only when <paramref name="countIfClosed"/>), read
    /// only or disabled (counted), or when RocksDB fails (logged and counted); never throws for I/O failures.
    /// </summary>
    public bool TryWrite(string operation, Lock writeLock, Func<bool> write, bool countIfClosed = false)
    {
        if (!TryEnter())
        {
            if (countIfClosed)
            {
                WriteAfterClose();
            }

            return false;
        }

        try
        {
            if (!Writable)
            {
                WriteRefused();
                return false;
            }

            lock (writeLock)
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
            Exit();
        }
    }

    public void WriteFailed(string operation, Exception exception)
    {
        Counters.WriteFailed();
        if (Writable)
        {
            StoreLog.WriteFailed(Logger, operation, exception);
        }
        else
        {
            RefusedOnce();
        }
    }

    /// <summary>Counts and logs a write refused because the database is closed (or was never opened: logged once).</summary>
    public void WriteAfterClose()
    {
        Counters.WriteFailed();
        if (Mode == StoreMode.Disabled)
        {
            RefusedOnce();
        }
        else
        {
            StoreLog.WriteAfterDispose(Logger);
        }
    }

    /// <summary>Counts a write a read-only or disabled store cannot make; the first one is logged.</summary>
    public void WriteRefused()
    {
        Counters.WriteFailed();
        RefusedOnce();
    }

    /// <summary>
    /// Whether a read failed because what it needs is damaged or gone (a checksum mismatch, a missing blob or SST
    /// file): it will fail every time. Other I/O errors may pass.
    /// </summary>
    public static bool IsDamage(RocksDbException exception) =>
        exception.Message.StartsWith("Corruption", StringComparison.Ordinal) ||
        exception.Message.Contains("No such file or directory", StringComparison.Ordinal);

    /// <summary>RocksDB's error when an iterator stopped early (damage, I/O); null when it reached the end.</summary>
    public static string? IteratorError(Iterator iterator)
    {
        try
        {
            Native.Instance.rocksdb_iter_get_error(iterator.Handle);
            return null;
        }
        catch (RocksDbException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// A validation that stopped early (<see cref="ValidationReport.Error"/>) asks the next open of a writable store to
    /// repair it, and says so in the report; any other report comes back as it is.
    /// </summary>
    public ValidationReport RequestRepairIfStopped(ValidationReport report)
    {
        if (report.Error is not { } error || !Writable)
        {
            return report;
        }

        RequestRepair(error);
        return report with { RepairAtNextStart = true };
    }

    /// <summary>Asks the next open to repair the store: a scan stopped at damage that cannot be removed while it is open.</summary>
    public void RequestRepair(string reason)
    {
        if (RepairRequest.Write(Directory, reason))
        {
            StoreLog.RepairAtNextStart(Logger, reason);
        }
        else
        {
            StoreLog.RepairRequestFailed(Logger, reason, RepairRequest.FilePath(Directory));
        }
    }

    private void RefusedOnce()
    {
        if (Interlocked.Exchange(ref _refusalLogged, 1) == 0)
        {
            StoreLog.WritesRefused(Logger, Mode, Directory);
        }
    }
}
