using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage.Tests.Support;

/// <summary>Audio frames by hand: version 1 as the encoder before word timings wrote it, and the word section's place.</summary>
public static class TestFrames
{
    /// <summary>The version 1 encoder, kept byte for byte: no word section.</summary>
    internal static byte[] EncodeVersion1(StoredAudio audio, AudioCodec codec = AudioCodec.DeltaShuffleLz4)
    {
        byte[] engine = Encoding.UTF8.GetBytes(audio.Engine);
        byte[] text = Encoding.UTF8.GetBytes(audio.Text);
        var raw = MemoryMarshal.AsBytes(audio.Pcm.AsSpan());
        var buffer = new byte[AudioPayload.MaxEncodedLength(raw.Length)];
        var (usedCodec, payloadLength) = AudioPayload.Encode(audio.Pcm, codec, buffer);
        int headerLength = AudioFrame.FixedHeaderLength + 2 + engine.Length + 4 + text.Length + 4;
        var frame = new byte[headerLength + payloadLength];
        var span = frame.AsSpan();
        "TTSA"u8.CopyTo(span);
        span[4] = 1;
        span[5] = (byte)usedCodec;
        BinaryPrimitives.WriteUInt32LittleEndian(span[6..], (uint)raw.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(span[10..], XxHash64.HashToUInt64(raw));
        BinaryPrimitives.WriteInt32LittleEndian(span[18..], audio.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[22..], audio.Pcm.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[26..], audio.Created.ToUnixTimeMilliseconds());
        int offset = AudioFrame.FixedHeaderLength;
        BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)engine.Length);
        engine.CopyTo(span[(offset + 2)..]);
        offset += 2 + engine.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)text.Length);
        text.CopyTo(span[(offset + 4)..]);
        offset += 4 + text.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], XxHash32.HashToUInt32(span[..offset]));
        buffer.AsSpan(0, payloadLength).CopyTo(span[headerLength..]);
        return frame;
    }

    /// <summary>Where a version 2 frame's word count lies; the words follow it.</summary>
    public static int WordCountOffset(byte[] frame)
    {
        int engineLength = BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(AudioFrame.FixedHeaderLength));
        int textOffset = AudioFrame.FixedHeaderLength + 2 + engineLength;
        return textOffset + 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(textOffset));
    }

    /// <summary>Where field 0 to 3 (text start, text length, start sample, end sample) of word <paramref name="index"/> lies.</summary>
    public static int WordFieldOffset(byte[] frame, int index, int field) =>
        WordCountOffset(frame) + 4 + (index * AudioFrame.WordLength) + (field * 4);

    /// <summary>Writes a new header checksum, so that a change to the metadata passes as written by the encoder.</summary>
    public static void RehashHeader(byte[] frame)
    {
        int offset = WordCountOffset(frame);
        int count = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(offset));
        offset += 4 + (Math.Max(count, 0) * AudioFrame.WordLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(offset), XxHash32.HashToUInt32(frame.AsSpan(0, offset)));
    }
}
