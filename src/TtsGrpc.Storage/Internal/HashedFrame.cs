using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// The envelope voice records and embeddings share, little-endian:
/// magic (4 bytes) | version u8 | xxHash64 of every byte after it u64 | codec u8 | body length u32 |
/// body, LZ4-compressed when that is smaller. The hash is checked before anything else is read, so a
/// damaged value is never decompressed.
/// </summary>
internal static class HashedFrame
{
    public const int HeaderLength = 18;
    public const byte RawCodec = 0;
    public const byte Lz4Codec = 1;
    public const int HashOffset = 5;
    public const int HashedOffset = HashOffset + sizeof(ulong);

    public static byte[] Frame(ReadOnlySpan<byte> magic, byte version, byte[] body)
    {
        byte[] compressed = new byte[LZ4Codec.MaximumOutputSize(body.Length)];
        int compressedLength = LZ4Codec.Encode(body, compressed, LZ4Level.L09_HC);
        bool useLz4 = compressedLength > 0 && compressedLength < body.Length;
        var payload = useLz4 ? compressed.AsSpan(0, compressedLength) : body;
        var frame = new byte[HeaderLength + payload.Length];
        var span = frame.AsSpan();
        magic.CopyTo(span);
        span[4] = version;
        span[HashedOffset] = useLz4 ? Lz4Codec : RawCodec;
        BinaryPrimitives.WriteUInt32LittleEndian(span[(HashedOffset + 1)..], (uint)body.Length);
        payload.CopyTo(span[HeaderLength..]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[HashOffset..], XxHash64.HashToUInt64(span[HashedOffset..]));
        return frame;
    }

    /// <summary>Checks the envelope and returns the body; never throws on malformed input.</summary>
    public static FrameError TryReadBody(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> magic, byte version, int maxBodyLength, out byte[] body)
    {
        body = [];
        if (frame.Length < HeaderLength)
        {
            return FrameError.Truncated;
        }

        if (!frame[..4].SequenceEqual(magic))
        {
            return FrameError.BadMagic;
        }

        if (frame[4] != version)
        {
            return FrameError.UnsupportedVersion;
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(frame[HashOffset..]) != XxHash64.HashToUInt64(frame[HashedOffset..]))
        {
            return FrameError.ChecksumMismatch;
        }

        byte codec = frame[HashedOffset];
        if (codec is not (RawCodec or Lz4Codec))
        {
            return FrameError.UnknownCodec;
        }

        uint bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(frame[(HashedOffset + 1)..]);
        var payload = frame[HeaderLength..];
        if (bodyLength > maxBodyLength)
        {
            return FrameError.BadMetadata;
        }

        if (codec == RawCodec)
        {
            if (payload.Length != bodyLength)
            {
                return FrameError.BadPayload;
            }

            body = payload.ToArray();
            return FrameError.None;
        }

        var decoded = new byte[bodyLength];
        int written;
        try
        {
            written = LZ4Codec.Decode(payload, decoded);
        }
        catch (ArgumentException)
        {
            written = -1;
        }

        if (written != bodyLength)
        {
            return FrameError.BadPayload;
        }

        body = decoded;
        return FrameError.None;
    }
}
