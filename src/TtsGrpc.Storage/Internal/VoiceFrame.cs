using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// The on-disk value of one voice record, little-endian: a <see cref="HashedFrame"/> with magic "TTSV". The body is
/// created UTC ticks i64 | offset minutes i16 | id (u16 length + UTF-8) | name (u16 + UTF-8) |
/// language (u16 + UTF-8) | description (u32 + UTF-8) | profile (u32 length + bytes) | base voice (u16 + UTF-8,
/// only when there is one, so records without it read as they always did).
/// </summary>
internal static class VoiceFrame
{
    public const byte FormatVersion = 1;
    public const int HeaderLength = HashedFrame.HeaderLength;
    public const int MaxIdLength = 128;
    public const int MaxBodyLength = 64 << 20;
    public const byte RawCodec = HashedFrame.RawCodec;
    public const byte Lz4Codec = HashedFrame.Lz4Codec;
    public const int HashOffset = HashedFrame.HashOffset;
    public const int HashedOffset = HashedFrame.HashedOffset;
    public static ReadOnlySpan<byte> Magic => "TTSV"u8;

    private const int MaxOffsetMinutes = 14 * 60;

    // Strict: a string with a lone surrogate is refused instead of silently changed.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether <paramref name="id"/> can name a voice: 1 to <see cref="MaxIdLength"/> characters of valid UTF-16.</summary>
    public static bool IsValidId([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        Span<byte> scratch = stackalloc byte[MaxIdLength * 3];
        return Utf8.FromUtf16(id, scratch, out _, out _, replaceInvalidSequences: false) == OperationStatus.Done;
    }

    /// <summary>The key of a voice record in the <c>voices</c> column family: the id in UTF-8.</summary>
    public static byte[] Key(string id) => StrictUtf8.GetBytes(id);

    /// <exception cref="ArgumentException">The id is invalid, a field does not fit its length, or a string is not valid UTF-16.</exception>
    public static byte[] Encode(StoredVoice voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        if (!IsValidId(voice.Id))
        {
            throw new ArgumentException($"A voice id must be 1 to {MaxIdLength} characters of valid UTF-16.", nameof(voice));
        }

        ArgumentNullException.ThrowIfNull(voice.Profile, nameof(voice));
        byte[] id = StrictUtf8.GetBytes(voice.Id);
        byte[] name = StrictUtf8.GetBytes(voice.Name ?? string.Empty);
        byte[] language = StrictUtf8.GetBytes(voice.Language ?? string.Empty);
        byte[] description = StrictUtf8.GetBytes(voice.Description ?? string.Empty);
        byte[] baseVoice = StrictUtf8.GetBytes(voice.BaseVoice ?? string.Empty);
        if (name.Length > ushort.MaxValue || language.Length > ushort.MaxValue || baseVoice.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A voice name or language is longer than 65535 UTF-8 bytes.", nameof(voice));
        }

        long bodyLength = 8 + 2 + 2 + id.Length + 2 + name.Length + 2 + language.Length + 4 + description.Length + 4 + voice.Profile.LongLength
            + (baseVoice.Length > 0 ? 2 + baseVoice.Length : 0);
        if (bodyLength > MaxBodyLength)
        {
            throw new ArgumentException($"A voice record is limited to {MaxBodyLength} bytes.", nameof(voice));
        }

        var body = new byte[bodyLength];
        var span = body.AsSpan();
        BinaryPrimitives.WriteInt64LittleEndian(span, voice.Created.UtcTicks);
        BinaryPrimitives.WriteInt16LittleEndian(span[8..], (short)voice.Created.TotalOffsetMinutes);
        int offset = 10;
        offset = WriteField(span, offset, id, sizeof(ushort));
        offset = WriteField(span, offset, name, sizeof(ushort));
        offset = WriteField(span, offset, language, sizeof(ushort));
        offset = WriteField(span, offset, description, sizeof(uint));
        offset = WriteField(span, offset, voice.Profile, sizeof(uint));
        if (baseVoice.Length > 0)
        {
            WriteField(span, offset, baseVoice, sizeof(ushort));
        }

        return HashedFrame.Frame(Magic, FormatVersion, body);
    }

    /// <summary>Validates and decodes a frame; never throws on malformed input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out StoredVoice? voice, out FrameError error)
    {
        voice = null;
        error = HashedFrame.TryReadBody(frame, Magic, FormatVersion, MaxBodyLength, out byte[] body);
        if (error != FrameError.None)
        {
            return false;
        }

        error = TryReadFields(body, out var decoded);
        if (decoded is null)
        {
            return false;
        }

        voice = decoded;
        return true;
    }

    private static FrameError TryReadFields(ReadOnlySpan<byte> body, out StoredVoice? voice)
    {
        voice = null;
        if (body.Length < 10)
        {
            return FrameError.BadMetadata;
        }

        long utcTicks = BinaryPrimitives.ReadInt64LittleEndian(body);
        short offsetMinutes = BinaryPrimitives.ReadInt16LittleEndian(body[8..]);
        int offset = 10;
        if (!TryReadField(body, ref offset, sizeof(ushort), out var id)
            || !TryReadField(body, ref offset, sizeof(ushort), out var name)
            || !TryReadField(body, ref offset, sizeof(ushort), out var language)
            || !TryReadField(body, ref offset, sizeof(uint), out var description)
            || !TryReadField(body, ref offset, sizeof(uint), out var profile))
        {
            return FrameError.BadMetadata;
        }

        var baseVoice = "";
        if (offset != body.Length)
        {
            if (!TryReadField(body, ref offset, sizeof(ushort), out var trailing) || !Utf8.IsValid(trailing))
            {
                return FrameError.BadMetadata;
            }

            baseVoice = Encoding.UTF8.GetString(trailing);
        }

        if (offset != body.Length
            || !Utf8.IsValid(id) || !Utf8.IsValid(name) || !Utf8.IsValid(language) || !Utf8.IsValid(description)
            || !TryCreated(utcTicks, offsetMinutes, out var created))
        {
            return FrameError.BadMetadata;
        }

        string voiceId = Encoding.UTF8.GetString(id);
        if (!IsValidId(voiceId))
        {
            return FrameError.BadMetadata;
        }

        voice = new StoredVoice(
            voiceId,
            Encoding.UTF8.GetString(name),
            Encoding.UTF8.GetString(language),
            Encoding.UTF8.GetString(description),
            created,
            profile.ToArray())
        {
            BaseVoice = baseVoice,
        };
        return FrameError.None;
    }

    private static int WriteField(Span<byte> body, int offset, ReadOnlySpan<byte> value, int prefixLength)
    {
        if (prefixLength == sizeof(ushort))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(body[offset..], (ushort)value.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body[offset..], (uint)value.Length);
        }

        value.CopyTo(body[(offset + prefixLength)..]);
        return offset + prefixLength + value.Length;
    }

    private static bool TryReadField(ReadOnlySpan<byte> body, ref int offset, int prefixLength, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (offset + prefixLength > body.Length)
        {
            return false;
        }

        long length = prefixLength == sizeof(ushort)
            ? BinaryPrimitives.ReadUInt16LittleEndian(body[offset..])
            : BinaryPrimitives.ReadUInt32LittleEndian(body[offset..]);
        offset += prefixLength;
        if (offset + length > body.Length)
        {
            return false;
        }

        value = body.Slice(offset, (int)length);
        offset += (int)length;
        return true;
    }

    private static bool TryCreated(long utcTicks, short offsetMinutes, out DateTimeOffset created)
    {
        created = default;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks
            || offsetMinutes < -MaxOffsetMinutes || offsetMinutes > MaxOffsetMinutes)
        {
            return false;
        }

        try
        {
            created = new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The local time of an instant at the edge of the calendar does not exist in this offset.
            return false;
        }
    }
}
