namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>The Ogg page checksum (RFC 3533): CRC-32, polynomial 0x04C11DB7, MSB first, initial value 0, no final xor.</summary>
internal static class OggCrc
{
    private const uint Polynomial = 0x04C11DB7;
    private const int BitsPerByte = 8;
    private const int TopByteShift = 24;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0;
        foreach (var b in data)
        {
            crc = (crc << BitsPerByte) ^ Table[(byte)(crc >> TopByteShift) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            var r = i << TopByteShift;
            for (var bit = 0; bit < BitsPerByte; bit++)
            {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ Polynomial : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
