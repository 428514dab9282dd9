using System.Buffers.Binary;
using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// The entry counts kept in <c>meta</c> under "counts", and in a small file in the store directory that RocksDB
/// does not manage (<c>ENTRY-COUNTS</c>), so an open can tell what recovery dropped. Voice figures are written with every voice
/// change (in the same batch in <c>meta</c>, then to the file); segment figures on the access flush timer and at
/// close (a few seconds behind after a crash). The file survives damage that takes the record in <c>meta</c> with
/// it (a damaged WAL or MANIFEST, a repair); the newer of the two is believed. <see cref="Clean"/> is set only by a
/// clean close. Layout: version byte, clean byte, segments, voices, written (Unix ms), all little-endian.
/// </summary>
internal readonly record struct StoreCounts(long Segments, long Voices, bool Clean, long WrittenMs)
{
    private const byte FormatVersion = 1;
    private const int Length = 2 + (3 * sizeof(long));

    public static byte[] Key { get; } = "counts"u8.ToArray();

    public static StoreCounts Now(long segments, long voices, bool clean) =>
        new(segments, voices, clean, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public static string FilePath(string directory) => Path.Combine(directory, "ENTRY-COUNTS");

    public bool SameFigures(StoreCounts? other) => other is { } o && o.Segments == Segments && o.Voices == Voices && o.Clean == Clean;

    public byte[] Encode()
    {
        var value = new byte[Length];
        value[0] = FormatVersion;
        value[1] = Clean ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(2), Segments);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(10), Voices);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(18), WrittenMs);
        return value;
    }

    /// <summary>The newer of the record in <c>meta</c> and the file beside the store; null when neither can be read.</summary>
    public static StoreCounts? ReadLast(RocksDb? db, ColumnFamilyHandle? meta, string directory)
    {
        var inMeta = db is null || meta is null ? null : TryReadMeta(db, meta);
        var inFile = TryReadFile(FilePath(directory));
        return (inMeta, inFile) switch
        {
            ({ } m, { } f) => f.WrittenMs >= m.WrittenMs ? f : m,
            ({ } m, null) => m,
            (null, var f) => f,
        };
    }

    private static StoreCounts? TryReadMeta(RocksDb db, ColumnFamilyHandle meta)
    {
        try
        {
            return Decode(db.Get(Key, meta));
        }
        catch (RocksDbException)
        {
            return null;
        }
    }

    private static StoreCounts? TryReadFile(string path)
    {
        try
        {
            return File.Exists(path) ? Decode(File.ReadAllBytes(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static StoreCounts? Decode(byte[]? value)
    {
        if (value is not { Length: Length } || value[0] != FormatVersion)
        {
            return null;
        }

        long segments = BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(2));
        long voices = BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(10));
        long written = BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(18));
        return segments < 0 || voices < 0 ? null : new StoreCounts(segments, voices, value[1] == 1, written);
    }
}
