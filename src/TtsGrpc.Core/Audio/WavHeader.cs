using System.Buffers.Binary;

namespace TtsGrpc.Core.Audio;

/// <summary>
/// The 44-byte RIFF/WAVE header for mono PCM16. A stream does not know its length up front, so its
/// header carries 0xFFFFFFFF sizes (the convention ffmpeg, sox and browsers accept);
/// <see cref="PatchSizes"/> writes the real sizes once the file is complete.
/// </summary>
public static class WavHeader
{
    public const int Size = 44;
    public const uint UnknownLength = uint.MaxValue;

    public static byte[] Create(int sampleRate, uint dataBytes = UnknownLength)
    {
        var header = new byte[Size];
        Write(header, sampleRate, dataBytes);
        return header;
    }

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="span"/>.</summary>
    public static void Write(Span<byte> span, int sampleRate, uint dataBytes = UnknownLength)
    {
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], dataBytes == UnknownLength ? UnknownLength : dataBytes + 36);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)sampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], dataBytes);
    }

    /// <summary>Rewrites the RIFF and data sizes of a complete single-chunk WAV file held in memory.</summary>
    public static void PatchSizes(Span<byte> wav)
    {
        if (wav.Length < Size || !wav[..4].SequenceEqual("RIFF"u8) || !wav[36..40].SequenceEqual("data"u8))
        {
            throw new ArgumentException("Not a WAV stream written by this service.", nameof(wav));
        }

        var dataBytes = (uint)(wav.Length - Size);
        BinaryPrimitives.WriteUInt32LittleEndian(wav[4..], dataBytes + 36);
        BinaryPrimitives.WriteUInt32LittleEndian(wav[40..], dataBytes);
    }
}
