using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// The on-disk value of one embedding, little-endian: a <see cref="HashedFrame"/> with magic "TTSE". The body is
/// key (the 32 bytes the key's hex spells) | name (u16 length + UTF-8) | value count u32 | values (float32 each).
/// The key is a SHA-256 in lowercase hex ASCII: <see cref="HashOf"/> of the values for an imported embedding, of
/// its recipe for a derived one. A value read under another key than its own is refused.
/// </summary>
internal static class EmbeddingFrame
{
    public const byte FormatVersion = 1;
    public const int HashLength = 64;
    public const int MaxValues = 16 << 20;
    public const int KeyBytes = 32;
    public const int MaxBodyLength = KeyBytes + 2 + ushort.MaxValue + 4 + (MaxValues * sizeof(float));
    public static ReadOnlySpan<byte> Magic => "TTSE"u8;

    /// <summary>Lowercase hex SHA-256 of the values as little-endian float32 bytes.</summary>
    public static string HashOf(ReadOnlySpan<float> values) => Convert.ToHexStringLower(SHA256.HashData(ToBytes(values)));

    /// <summary>Whether <paramref name="hash"/> can key an embedding: 64 lowercase hex digits.</summary>
    public static bool IsValidHash([NotNullWhen(true)] string? hash) =>
        hash is { Length: HashLength } && hash.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static byte[] Key(string hash) => Encoding.ASCII.GetBytes(hash);

    public static byte[] ToBytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    /// <exception cref="ArgumentException">A name longer than 65535 UTF-8 bytes or not valid UTF-16, no values, or too many.</exception>
    public static byte[] Encode(string hash, string name, ReadOnlySpan<float> values)
    {
        if (!IsValidHash(hash))
        {
            throw new ArgumentException("An embedding hash is 64 lowercase hex digits.", nameof(hash));
        }

        ArgumentNullException.ThrowIfNull(name);
        if (values.IsEmpty || values.Length > MaxValues)
        {
            throw new ArgumentException($"An embedding holds 1 to {MaxValues} values.", nameof(values));
        }

        byte[] nameBytes;
        try
        {
            nameBytes = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(name);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("An embedding name must be valid UTF-16.", nameof(name), ex);
        }

        if (nameBytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException("An embedding name is longer than 65535 UTF-8 bytes.", nameof(name));
        }

        var body = new byte[KeyBytes + 2 + nameBytes.Length + 4 + (values.Length * sizeof(float))];
        var span = body.AsSpan();
        Convert.FromHexString(hash).CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[KeyBytes..], (ushort)nameBytes.Length);
        nameBytes.CopyTo(span[(KeyBytes + 2)..]);
        int offset = KeyBytes + 2 + nameBytes.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)values.Length);
        ToBytes(values).CopyTo(span[(offset + 4)..]);
        return HashedFrame.Frame(Magic, FormatVersion, body);
    }

    /// <summary>Validates and decodes a frame stored under <paramref name="hash"/>; never throws on malformed input.</summary>
    public static bool TryDecode(string hash, ReadOnlySpan<byte> frame, [NotNullWhen(true)] out StoredEmbedding? embedding, out FrameError error)
    {
        embedding = null;
        error = HashedFrame.TryReadBody(frame, Magic, FormatVersion, MaxBodyLength, out byte[] body);
        if (error != FrameError.None)
        {
            return false;
        }

        error = FrameError.BadMetadata;
        if (body.Length < KeyBytes + 2 || !IsValidHash(hash)
            || !string.Equals(Convert.ToHexStringLower(body.AsSpan(0, KeyBytes)), hash, StringComparison.Ordinal))
        {
            return false;
        }

        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(KeyBytes));
        int nameOffset = KeyBytes + 2;
        int offset = nameOffset + nameLength;
        if (offset + 4 > body.Length || !Utf8.IsValid(body.AsSpan(nameOffset, nameLength)))
        {
            return false;
        }

        long count = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(offset));
        var raw = body.AsSpan(offset + 4);
        if (count == 0 || count * sizeof(float) != raw.Length)
        {
            return false;
        }

        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        }

        error = FrameError.None;
        embedding = new StoredEmbedding(hash, Encoding.UTF8.GetString(body.AsSpan(nameOffset, nameLength)), values);
        return true;
    }
}
