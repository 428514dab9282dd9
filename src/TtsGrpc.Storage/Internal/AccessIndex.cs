using System.Buffers.Binary;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// Record layout of the <c>access</c> column family. Two records per audio entry, written in the
/// same batch as the audio value:
/// lookup: 0x01 + entry key -> entry (stamp, stored bytes, raw bytes);
/// order:  0x02 + big-endian stamp + entry key -> entry, so iterating the 0x02 range visits
/// entries from least to most recently used.
/// </summary>
internal static class AccessIndex
{
    public const byte LookupPrefix = 0x01;
    public const byte OrderPrefix = 0x02;
    public const int EntryLength = 24;
    private const int OrderHeaderLength = 1 + sizeof(long);

    public static byte[] LookupKey(ReadOnlySpan<byte> key)
    {
        var record = new byte[1 + key.Length];
        record[0] = LookupPrefix;
        key.CopyTo(record.AsSpan(1));
        return record;
    }

    public static byte[] OrderKey(long stamp, ReadOnlySpan<byte> key)
    {
        var record = new byte[OrderHeaderLength + key.Length];
        record[0] = OrderPrefix;
        BinaryPrimitives.WriteInt64BigEndian(record.AsSpan(1), stamp);
        key.CopyTo(record.AsSpan(OrderHeaderLength));
        return record;
    }

    public static bool IsLookupKey(ReadOnlySpan<byte> record) => record.Length >= 1 && record[0] == LookupPrefix;

    public static bool IsOrderKey(ReadOnlySpan<byte> record) => record.Length >= OrderHeaderLength && record[0] == OrderPrefix;

    public static ReadOnlySpan<byte> EntryKeyOfLookup(ReadOnlySpan<byte> record) => record[1..];

    public static ReadOnlySpan<byte> EntryKeyOfOrder(ReadOnlySpan<byte> record) => record[OrderHeaderLength..];

    public static long StampOfOrder(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64BigEndian(record[1..]);

    public static byte[] EncodeEntry(IndexEntry entry)
    {
        var value = new byte[EntryLength];
        BinaryPrimitives.WriteInt64LittleEndian(value, entry.Stamp);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(8), entry.StoredBytes);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(16), entry.RawBytes);
        return value;
    }

    public static bool TryDecodeEntry(ReadOnlySpan<byte> value, out IndexEntry entry)
    {
        entry = default;
        if (value.Length != EntryLength)
        {
            return false;
        }

        entry = new IndexEntry(
            BinaryPrimitives.ReadInt64LittleEndian(value),
            BinaryPrimitives.ReadInt64LittleEndian(value[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(value[16..]));
        return entry.StoredBytes >= 0 && entry.RawBytes >= 0;
    }
}
