using TtsGrpc.Core.Audio.Codecs;

namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>What one encoder returned, call by call, for a signal fed in the given chunks.</summary>
internal sealed record EncodedStream(IReadOnlyList<byte[]> Calls, byte[] Finish)
{
    public byte[] All => [.. Calls.SelectMany(c => c), .. Finish];

    public static EncodedStream Encode(StreamEncoding encoding, int sampleRate, short[] pcm, int[] chunks, uint serial = 0x5EED)
    {
        using var encoder = StreamEncoders.Create(encoding, sampleRate, serial);
        var calls = new List<byte[]>();
        var offset = 0;
        foreach (var length in chunks)
        {
            calls.Add(encoder.Encode(pcm.AsSpan(offset, length)));
            offset += length;
        }

        Assert.Equal(pcm.Length, offset);
        return new EncodedStream(calls, encoder.Finish());
    }
}
