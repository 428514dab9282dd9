using System.Buffers.Binary;
using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

/// <summary>Column family names and the schema version kept in <c>meta</c>.</summary>
internal static class StoreSchema
{
    public const uint Version = 1;
    public const string AudioFamily = "audio";
    public const string AccessFamily = "access";
    public const string MetaFamily = "meta";
    public const string VoicesFamily = "voices";

    // Added after version 1 shipped; a store without it gets it created at open, so the version stays.
    public const string EmbeddingsFamily = "embeddings";

    private static readonly byte[] VersionKey = "schema-version"u8.ToArray();

    /// <summary>
    /// Writes the version into a new database (when <paramref name="writable"/>); refuses a database written by
    /// another schema with a one-line message that says what to do.
    /// </summary>
    public static void EnsureVersion(RocksDb db, ColumnFamilyHandle meta, string directory, bool writable)
    {
        byte[]? stored = db.Get(VersionKey, meta);
        if (stored is null)
        {
            if (!writable)
            {
                return;
            }

            var value = new byte[sizeof(uint)];
            BinaryPrimitives.WriteUInt32LittleEndian(value, Version);
            db.Put(VersionKey, value, meta);
            return;
        }

        if (stored.Length != sizeof(uint))
        {
            throw new InvalidDataException($"The store in '{directory}' has an unreadable schema version.");
        }

        uint found = BinaryPrimitives.ReadUInt32LittleEndian(stored);
        if (found != Version)
        {
            throw new InvalidDataException(
                $"The store in '{directory}' has schema version {found}; this build reads version {Version}. " +
                "Move or delete the directory to start an empty store.");
        }
    }
}
