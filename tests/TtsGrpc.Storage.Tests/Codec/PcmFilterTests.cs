using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Codec;

public sealed class PcmFilterTests
{
    public static TheoryData<string, short[]> Signals => new()
    {
        { "noise", TestAudio.Noise(4097, seed: 1) },
        { "voiced", TestAudio.Voiced(22050, seed: 2) },
        { "speech", TestAudio.Speech },
        { "silence", new short[1000] },
        { "single", [short.MinValue] },
        { "extremes", Enumerable.Range(0, 512).Select(i => i % 2 == 0 ? short.MaxValue : short.MinValue).ToArray() },
        { "ramp-wraps", Enumerable.Range(0, 70000).Select(i => (short)(i * 977)).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Signals))]
    public void Decode_OfEncoded_ReturnsOriginal(string name, short[] pcm)
    {
        var filtered = new byte[pcm.Length * 2];
        var decoded = new short[pcm.Length];

        PcmFilter.Encode(pcm, filtered);
        PcmFilter.Decode(filtered, decoded);

        Assert.True(pcm.AsSpan().SequenceEqual(decoded), name);
    }

    [Fact]
    public void Encode_Silence_IsAllZeroBytes()
    {
        var filtered = new byte[2000];
        filtered.AsSpan().Fill(0xFF);

        PcmFilter.Encode(new short[1000], filtered);

        Assert.All(filtered, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Encode_Ramp_GroupsLowBytesBeforeHighBytes()
    {
        short[] pcm = [0x0102, 0x0204, 0x0306];
        var filtered = new byte[6];

        PcmFilter.Encode(pcm, filtered);

        Assert.Equal(new byte[] { 0x02, 0x02, 0x02, 0x01, 0x01, 0x01 }, filtered);
    }

    [Fact]
    public void Encode_WrongBufferLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => PcmFilter.Encode(new short[4], new byte[7]));
        Assert.Throws<ArgumentException>(() => PcmFilter.Decode(new byte[9], new short[4]));
    }
}
