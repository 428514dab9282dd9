using System.Buffers.Binary;

namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>An Ogg page as read back from the bytes, with a CRC computed here bit by bit (independent of the encoder's table).</summary>
internal sealed record OggPage(byte Flags, long Granule, uint Serial, uint Sequence, uint StoredCrc, uint ComputedCrc, IReadOnlyList<byte[]> Packets, bool LastPacketContinues)
{
    public const byte BeginOfStream = 0x02;
    public const byte EndOfStream = 0x04;

    public static List<OggPage> Parse(byte[] stream)
    {
        var pages = new List<OggPage>();
        var offset = 0;
        while (offset < stream.Length)
        {
            Assert.True(stream.AsSpan(offset).StartsWith("OggS"u8), $"no capture pattern at byte {offset}");
            Assert.Equal(0, stream[offset + 4]);
            var segments = stream[offset + 26];
            var lacing = stream.AsSpan(offset + 27, segments);
            var bodyLength = 0;
            foreach (var l in lacing)
            {
                bodyLength += l;
            }

            var length = 27 + segments + bodyLength;
            var page = stream.AsSpan(offset, length).ToArray();
            var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(22));
            page.AsSpan(22, 4).Clear();
            var packets = new List<byte[]>();
            var packet = new List<byte>();
            var body = 27 + segments;
            foreach (var l in lacing)
            {
                packet.AddRange(page.AsSpan(body, l).ToArray());
                body += l;
                if (l < 255)
                {
                    packets.Add([.. packet]);
                    packet.Clear();
                }
            }

            pages.Add(new OggPage(
                page[5], BinaryPrimitives.ReadInt64LittleEndian(page.AsSpan(6)), BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(14)),
                BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(18)), storedCrc, BitwiseCrc(page), packets, packet.Count > 0));
            offset += length;
        }

        return pages;
    }

    // RFC 3533: polynomial 0x04C11DB7, MSB first, initial 0, no final xor, over the page with the CRC field zeroed.
    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0;
        foreach (var b in data)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }
}
