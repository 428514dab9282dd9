using Microsoft.Extensions.Logging;
using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

/// <summary>The RocksDB handle and its column families, opened with the store's settings.</summary>
internal sealed class StoreDatabase : IDisposable
{
    // Values at least this large go to blob files, keeping the LSM tree small and compactions cheap.
    private const ulong MinBlobSize = 4 * 1024;

    private StoreDatabase(RocksDb db)
    {
        Db = db;
        Audio = db.GetColumnFamily(StoreSchema.AudioFamily);
        Access = db.GetColumnFamily(StoreSchema.AccessFamily);
        Meta = db.GetColumnFamily(StoreSchema.MetaFamily);
        Voices = db.GetColumnFamily(StoreSchema.VoicesFamily);
    }

    public RocksDb Db { get; }
    public ColumnFamilyHandle Audio { get; }
    public ColumnFamilyHandle Access { get; }
    public ColumnFamilyHandle Meta { get; }
    public ColumnFamilyHandle Voices { get; }
    public bool BlobFilesEnabled { get; private set; }

    public static StoreDatabase Open(string directory, ILogger logger)
    {
        var dbOptions = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .SetKeepLogFileNum(4)
            .SetMaxLogFileSize(16UL << 20)
            // meta and voices change rarely; without a cap their memtables would pin old WAL files.
            .SetMaxTotalWalSize(256UL << 20);

        // Audio and voice values are compressed by the store itself; RocksDB compressing them again
        // costs CPU for nothing.
        var families = new ColumnFamilies(new ColumnFamilyOptions())
        {
            { StoreSchema.AudioFamily, new ColumnFamilyOptions().SetCompression(Compression.No) },
            { StoreSchema.AccessFamily, new ColumnFamilyOptions() },
            { StoreSchema.MetaFamily, new ColumnFamilyOptions() },
            { StoreSchema.VoicesFamily, new ColumnFamilyOptions().SetCompression(Compression.No) },
        };

        var db = RocksDb.Open(dbOptions, directory, families);
        var store = new StoreDatabase(db);
        store.EnableBlobFiles(logger);
        return store;
    }

    /// <summary>Writes every memtable to SST and blob files; used by tests and before measuring disk use.</summary>
    public void FlushMemtables()
    {
        var options = new FlushOptions().SetWaitForFlush(true);
        foreach (var family in new[] { Audio, Access, Meta, Voices })
        {
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
