using System.Buffers.Binary;
using TtsGrpc.Core.Audio;

namespace TtsGrpc.Tests.Unit;

public sealed class WavHeaderTests
{
    [Fact]
    public void Create_KnownLength_WritesAStandardPcm16MonoHeader()
    {
        var header = WavHeader.Create(24000, dataBytes: 4800);

        Assert.Equal(44, header.Length);
        Assert.Equal(4836u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
        Assert.Equal(24000u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(24)));
        Assert.Equal(48000u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(28)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32)));
        Assert.Equal(4800u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(40)));
    }

    [Fact]
    public void PatchSizes_StreamedHeader_GetsTheRealSizes()
    {
        byte[] wav = [.. WavHeader.Create(8000), .. new byte[1000]];
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(40)));

        WavHeader.PatchSizes(wav);

        Assert.Equal(1036u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(4)));
        Assert.Equal(1000u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(40)));
    }

    [Fact]
    public void PatchSizes_NotAWav_Throws() =>
        Assert.Throws<ArgumentException>(() => WavHeader.PatchSizes(new byte[100]));
}
