using Microsoft.Extensions.Logging;
using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// The open database shared by <see cref="SegmentStore"/> and <see cref="VoiceStore"/>: the RocksDB
/// handle and its column families, the dispose gate, the event counters and the logger. Only
/// <see cref="LocalStore"/> closes it, once.
/// </summary>
internal sealed partial class StoreHandle
{
    private readonly StoreDatabase _database;

    // Every operation of either store holds the gate for reading; Close takes it for writing, so the
    // native handle is never closed under a running call.
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private bool _closed;

    public StoreHandle(StoreDatabase database, ILogger logger)
    {
        _database = database;
        Logger = logger;
    }

    public RocksDb Db => _database.Db;
    public ColumnFamilyHandle Audio => _database.Audio;
    public ColumnFamilyHandle Access => _database.Access;
    public ColumnFamilyHandle Meta => _database.Meta;
    public ColumnFamilyHandle Voices => _database.Voices;
    public bool BlobFilesEnabled => _database.BlobFilesEnabled;
    public ILogger Logger { get; }

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

            try
            {
                beforeClose();
            }
            catch (RocksDbException ex)
            {
                WriteFailed("access flush", ex);
            }

            _closed = true;
            _database.Dispose();
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
                _database.FlushMemtables();
            }
            finally
            {
                Exit();
            }
        }
    }

    public void WriteFailed(string operation, Exception exception)
    {
        Counters.WriteFailed();
        StoreLog.WriteFailed(Logger, operation, exception);
    }

    /// <summary>Counts and logs a write refused because the database is closed.</summary>
    public void WriteAfterClose()
    {
        Counters.WriteFailed();
        StoreLog.WriteAfterDispose(Logger);
    }
}
