using Microsoft.Extensions.Logging;
using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

/// <summary>The RocksDB handle and its column families, opened with the store's settings.</summary>
internal sealed class StoreDatabase : IDisposable
{
    // Values at least this large go to blob files, keeping the LSM tree small and compactions cheap.
    private const ulong MinBlobSize = 4 * 1024;

    private StoreDatabase(RocksDb db, bool readOnly)
    {
        Db = db;
        ReadOnly = readOnly;
        Audio = db.GetColumnFamily(StoreSchema.AudioFamily);
        Access = db.GetColumnFamily(StoreSchema.AccessFamily);
        Meta = db.GetColumnFamily(StoreSchema.MetaFamily);
        Voices = db.GetColumnFamily(StoreSchema.VoicesFamily);
        Embeddings = db.TryGetColumnFamily(StoreSchema.EmbeddingsFamily, out var embeddings) ? embeddings : null;
    }

    public RocksDb Db { get; }
    public ColumnFamilyHandle Audio { get; }
    public ColumnFamilyHandle Access { get; }
    public ColumnFamilyHandle Meta { get; }
    public ColumnFamilyHandle Voices { get; }

    /// <summary>Null only in a store opened read only that was written before embeddings were kept.</summary>
    public ColumnFamilyHandle? Embeddings { get; }
    public bool BlobFilesEnabled { get; private set; }

    /// <summary>Opened with <see cref="OpenReadOnly"/>: every write fails.</summary>
    public bool ReadOnly { get; }

    /// <summary>Opens or creates the database; a database that does not open throws <see cref="RocksDbException"/>.</summary>
    public static StoreDatabase Open(string directory, ILogger logger)
    {
        var db = RocksDb.Open(Options(), directory, Families());
        var store = new StoreDatabase(db, readOnly: false);
        store.EnableBlobFiles(logger);
        return store;
    }

    /// <summary>Opens an existing database for reading only (its WAL is replayed into memory, nothing is written).</summary>
    public static StoreDatabase OpenReadOnly(string directory)
    {
        // A read-only open cannot create a family, and naming one that is not there fails it.
        bool hasEmbeddings = RocksDb.TryListColumnFamilies(Options(), directory, out var names)
            && names.Contains(StoreSchema.EmbeddingsFamily);
        return new(RocksDb.OpenReadOnly(Options(), directory, Families(hasEmbeddings), errIfLogFileExists: false), readOnly: true);
    }

    /// <summary>
    /// RocksDB's repair: rebuilds the MANIFEST from the SST and blob files found, turns WAL files into SST files
    /// (skipping damaged records) and moves what it cannot use into <c>lost/</c>. Throws <see cref="RocksDbException"/>.
    /// </summary>
    public static void Repair(string directory)
    {
        var options = Options();
        Native.Instance.rocksdb_repair_db(options.Handle, directory);
        GC.KeepAlive(options); // its native handle must outlive the call
    }

    private static DbOptions Options() => new DbOptions()
        .SetCreateIfMissing(true)
        .SetCreateMissingColumnFamilies(true)
        .SetKeepLogFileNum(4)
        .SetMaxLogFileSize(16UL << 20)
        // meta and voices change rarely; without a cap their memtables would pin old WAL files.
        .SetMaxTotalWalSize(256UL << 20)
        // A torn last record (a crash mid-append) is dropped as usual, but damage anywhere else in a WAL fails the
        // open instead of silently dropping every write after it (the default, point-in-time, does that): the
        // store is then repaired, which keeps every whole record, and the open reports it (docs/faults.md).
        .SetWalRecoveryMode(Recovery.TolerateCorruptedTailRecords);

    // Audio, voice and embedding values are compressed by the store itself; RocksDB compressing them again
    // costs CPU for nothing.
    // A family missing from an older store is created at open (SetCreateMissingColumnFamilies).
    private static ColumnFamilies Families(bool embeddings = true)
    {
        var families = new ColumnFamilies(new ColumnFamilyOptions())
        {
            { StoreSchema.AudioFamily, new ColumnFamilyOptions().SetCompression(Compression.No) },
            { StoreSchema.AccessFamily, new ColumnFamilyOptions() },
            { StoreSchema.MetaFamily, new ColumnFamilyOptions() },
            { StoreSchema.VoicesFamily, new ColumnFamilyOptions().SetCompression(Compression.No) },
        };
        if (embeddings)
        {
            families.Add(StoreSchema.EmbeddingsFamily, new ColumnFamilyOptions().SetCompression(Compression.No));
        }

        return families;
    }

    /// <summary>Writes every memtable to SST and blob files; used by tests and before measuring disk use.</summary>
    public void FlushMemtables()
    {
        var options = new FlushOptions().SetWaitForFlush(true);
        foreach (var family in new[] { Audio, Access, Meta, Voices, Embeddings })
        {
            if (family is null)
            {
                continue;
            }

            Native.Instance.rocksdb_flush_cf(Db.Handle, options.Handle, family.Handle);
        }
    }

    public void Dispose() => Db.Dispose();

    // The binding's ColumnFamilyOptions has no blob setters, but these options are mutable at run
    // time, so they are set on the open column family through the C API's set_options_cf.
    private void EnableBlobFiles(ILogger logger)
    {
        string[] keys = ["enable_blob_files", "min_blob_size", "enable_blob_garbage_collection"];
        string[] values = ["true", MinBlobSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "true"];
        try
        {
            Native.Instance.rocksdb_set_options_cf(Db.Handle, Audio.Handle, keys.Length, keys, values);
            BlobFilesEnabled = true;
        }
        catch (RocksDbException ex)
        {
            StoreLog.BlobFilesUnavailable(logger, ex);
        }
    }
}
