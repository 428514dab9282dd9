using TtsGrpc.Core.Audio.Codecs.Internal;

namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>The Ogg pager and its CRC on packets the Opus encoder at 32 kbit/s never makes (255 bytes and up).</summary>
public sealed class OggPagerTests
{
    [Fact]
    public void Crc_CheckString_MatchesTheCatalogue()
    {
        // CRC-32/CKSUM (same polynomial, init 0) has check 0x765E7680 with its final xor 0xFFFFFFFF; Ogg has no final xor.
        Assert.Equal(0x765E7680u ^ 0xFFFFFFFFu, OggCrc.Compute("123456789"u8));
    }

    [Fact]
    public void Add_PacketsAroundLacingBoundaries_ReadBackWhole()
    {
        int[] lengths = [0, 1, 254, 255, 256, 509, 510, 511, 1275];
        var output = new MemoryStream();
        var pager = new OggPager(serial: 7);
        var granule = 0L;
        foreach (var length in lengths)
        {
            pager.Add(Packet(length), granule += 960, output);
        }

        pager.Flush(output, endOfStream: true);

        var page = Assert.Single(OggPage.Parse(output.ToArray()));
        Assert.Equal(page.ComputedCrc, page.StoredCrc);
        Assert.Equal(lengths, page.Packets.Select(p => p.Length));
        Assert.Equal(lengths.Select(Packet), page.Packets);
        Assert.Equal(granule, page.Granule);
        Assert.Equal(OggPage.BeginOfStream | OggPage.EndOfStream, page.Flags);
    }

    [Fact]
    public void Add_MoreThan255Segments_StartsANewPageAtAPacketBoundary()
    {
        var output = new MemoryStream();
        var pager = new OggPager(serial: 7);
        for (var i = 1; i <= 200; i++)
        {
            pager.Add(Packet(300), i, output); // two lacing values each (255 + 45): 127 fit a page
        }

        pager.Flush(output);

        var pages = OggPage.Parse(output.ToArray());
        Assert.Equal([127, 73], pages.Select(p => p.Packets.Count));
        Assert.Equal([(byte)0x02, (byte)0x00], pages.Select(p => p.Flags));
        Assert.Equal([127L, 200L], pages.Select(p => p.Granule));
        Assert.Equal([0u, 1u], pages.Select(p => p.Sequence));
        Assert.All(pages, p => Assert.False(p.LastPacketContinues));
    }

    [Fact]
    public void Flush_NothingQueued_WritesNothing()
    {
        var output = new MemoryStream();

        new OggPager(serial: 7).Flush(output);

        Assert.Equal(0, output.Length);
    }

    private static byte[] Packet(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 + length))];
}
