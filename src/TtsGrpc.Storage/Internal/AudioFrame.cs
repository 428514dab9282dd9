using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// The on-disk value of one audio entry, little-endian:
/// magic "TTSA" | version u8 | codec u8 | raw length u32 | xxHash64(raw PCM) u64 |
/// sample rate i32 | sample count i32 | created unix ms i64 | engine (u16 length + UTF-8) |
/// text (u32 length + UTF-8) | words (version 2 only) | xxHash32 of every byte before it u32 | payload.
/// Words: word count i32 (-1: untimed) then per word text start i32, text length i32 (UTF-16 units
/// of the text), start sample i32, end sample i32, in order of start sample. Version 1 frames,
/// written before words were timed, have no words field and decode as untimed; Encode writes
/// version 2. The payload hash is checked after decoding; the header hash covers the metadata,
/// words included, which the payload hash does not.
/// </summary>
internal static class AudioFrame
{
    public const byte FormatVersion = 2;
    public const byte UntimedVersion = 1;
    public const int FixedHeaderLength = 34;
    public const int MinimumLength = FixedHeaderLength + 2 + 4 + 4;
    public const int WordLength = 16;
    public static ReadOnlySpan<byte> Magic => "TTSA"u8;

    private const int MaxSamples = int.MaxValue / 2;

    // Far past any segment's words; keeps the frame's length in range.
    private const int MaxWords = 1 << 20;

    public static byte[] Encode(StoredAudio audio, AudioCodec codec = AudioCodec.DeltaShuffleLz4)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(audio.Pcm);
        if (audio.Pcm.Length == 0 || audio.Pcm.Length > MaxSamples)
        {
            throw new ArgumentException($"Audio must hold 1 to {MaxSamples} samples.", nameof(audio));
        }

        if (audio.SampleRate <= 0)
        {
            throw new ArgumentException("The sample rate must be positive.", nameof(audio));
        }

        byte[] engine = Encoding.UTF8.GetBytes(audio.Engine ?? string.Empty);
        byte[] text = Encoding.UTF8.GetBytes(audio.Text ?? string.Empty);
        if (engine.Length > ushort.MaxValue)
        {
            throw new ArgumentException("The engine name is longer than 65535 UTF-8 bytes.", nameof(audio));
        }

        var words = audio.Words;
        if (words is not null && (words.Count > MaxWords || !AreValid(words, audio.Text?.Length ?? 0, audio.Pcm.Length)))
        {
            throw new ArgumentException(
                $"At most {MaxWords} words, each within the text and the samples, in order of start sample.", nameof(audio));
        }

        var raw = MemoryMarshal.AsBytes(audio.Pcm.AsSpan());
        byte[] buffer = ArrayPool<byte>.Shared.Rent(AudioPayload.MaxEncodedLength(raw.Length));
        try
        {
            var (usedCodec, payloadLength) = AudioPayload.Encode(audio.Pcm, codec, buffer);
            int wordsLength = (words?.Count ?? 0) * WordLength;
            int headerLength = FixedHeaderLength + 2 + engine.Length + 4 + text.Length + 4 + wordsLength + 4;
            var frame = new byte[headerLength + payloadLength];
            var span = frame.AsSpan();
            Magic.CopyTo(span);
            span[4] = FormatVersion;
            span[5] = (byte)usedCodec;
            BinaryPrimitives.WriteUInt32LittleEndian(span[6..], (uint)raw.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(span[10..], XxHash64.HashToUInt64(raw));
            BinaryPrimitives.WriteInt32LittleEndian(span[18..], audio.SampleRate);
            BinaryPrimitives.WriteInt32LittleEndian(span[22..], audio.Pcm.Length);
            BinaryPrimitives.WriteInt64LittleEndian(span[26..], audio.Created.ToUnixTimeMilliseconds());
            int offset = FixedHeaderLength;
            BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)engine.Length);
            engine.CopyTo(span[(offset + 2)..]);
            offset += 2 + engine.Length;
            BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)text.Length);
            text.CopyTo(span[(offset + 4)..]);
            offset += 4 + text.Length;
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], words?.Count ?? -1);
            offset += 4;
            foreach (var word in words ?? [])
            {
                BinaryPrimitives.WriteInt32LittleEndian(span[offset..], word.TextStart);
                BinaryPrimitives.WriteInt32LittleEndian(span[(offset + 4)..], word.TextLength);
                BinaryPrimitives.WriteInt32LittleEndian(span[(offset + 8)..], word.StartSample);
                BinaryPrimitives.WriteInt32LittleEndian(span[(offset + 12)..], word.EndSample);
                offset += WordLength;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], XxHash32.HashToUInt32(span[..offset]));
            buffer.AsSpan(0, payloadLength).CopyTo(span[headerLength..]);
            return frame;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Validates and decodes a frame; never throws on malformed input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out StoredAudio? audio, out FrameError error)
    {
        audio = null;
        error = TryReadHeader(frame, out var header);
        if (error != FrameError.None)
        {
            return false;
        }

        var pcm = new short[header.SampleCount];
        bool decoded;
        try
        {
            decoded = AudioPayload.TryDecode(header.Codec, frame[header.PayloadOffset..], pcm);
        }
        catch (ArgumentException)
        {
            decoded = false;
        }

        if (!decoded)
        {
            error = FrameError.BadPayload;
            return false;
        }

        if (XxHash64.HashToUInt64(MemoryMarshal.AsBytes(pcm.AsSpan())) != header.PayloadHash)
        {
            error = FrameError.ChecksumMismatch;
            return false;
        }

        audio = new StoredAudio(pcm, header.SampleRate, header.Engine, header.Text, header.Created, header.Words);
        return true;
    }

    private static FrameError TryReadHeader(ReadOnlySpan<byte> frame, out FrameHeader header)
    {
        header = default;
        if (frame.Length < MinimumLength)
        {
            return FrameError.Truncated;
        }

        if (!frame[..4].SequenceEqual(Magic))
        {
            return FrameError.BadMagic;
        }

        byte version = frame[4];
        if (version is not (UntimedVersion or FormatVersion))
        {
            return FrameError.UnsupportedVersion;
        }

        var codec = (AudioCodec)frame[5];
        if (codec is not (AudioCodec.Raw or AudioCodec.Lz4 or AudioCodec.DeltaShuffleLz4))
        {
            return FrameError.UnknownCodec;
        }

        uint rawLength = BinaryPrimitives.ReadUInt32LittleEndian(frame[6..]);
        ulong payloadHash = BinaryPrimitives.ReadUInt64LittleEndian(frame[10..]);
        int sampleRate = BinaryPrimitives.ReadInt32LittleEndian(frame[18..]);
        int sampleCount = BinaryPrimitives.ReadInt32LittleEndian(frame[22..]);
        long createdMs = BinaryPrimitives.ReadInt64LittleEndian(frame[26..]);
        if (sampleRate <= 0 || sampleCount <= 0 || sampleCount > MaxSamples || rawLength != (uint)sampleCount * 2
            || createdMs < DateTimeOffset.MinValue.ToUnixTimeMilliseconds()
            || createdMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return FrameError.BadMetadata;
        }

        int offset = FixedHeaderLength;
        int engineLength = BinaryPrimitives.ReadUInt16LittleEndian(frame[offset..]);
        offset += 2;
        if ((long)offset + engineLength + 4 > frame.Length)
        {
            return FrameError.Truncated;
        }

        var engine = frame.Slice(offset, engineLength);
        offset += engineLength;
        uint textLength = BinaryPrimitives.ReadUInt32LittleEndian(frame[offset..]);
        offset += 4;
        if ((long)offset + textLength + 4 > frame.Length)
        {
            return FrameError.Truncated;
        }

        var text = frame.Slice(offset, (int)textLength);
        offset += (int)textLength;
        int wordCount = -1;
        var wordSection = ReadOnlySpan<byte>.Empty;
        if (version == FormatVersion)
        {
            // The text's check above left room for the count: the checksum is at least 4 bytes on.
            wordCount = BinaryPrimitives.ReadInt32LittleEndian(frame[offset..]);
            offset += 4;
            if (wordCount < -1 || wordCount > MaxWords)
            {
                return FrameError.BadMetadata;
            }

            int wordsLength = Math.Max(wordCount, 0) * WordLength;
            if ((long)offset + wordsLength + 4 > frame.Length)
            {
                return FrameError.Truncated;
            }

            wordSection = frame.Slice(offset, wordsLength);
            offset += wordsLength;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(frame[offset..]) != XxHash32.HashToUInt32(frame[..offset]))
        {
            return FrameError.HeaderChecksumMismatch;
        }

        if (!Utf8.IsValid(engine) || !Utf8.IsValid(text))
        {
            return FrameError.BadMetadata;
        }

        string decodedText = Encoding.UTF8.GetString(text);
        var words = wordCount < 0 ? null : ReadWords(wordSection);
        if (words is not null && !AreValid(words, decodedText.Length, sampleCount))
        {
            return FrameError.BadMetadata;
        }

        header = new FrameHeader(
            codec,
            payloadHash,
            sampleRate,
            sampleCount,
            DateTimeOffset.FromUnixTimeMilliseconds(createdMs),
            Encoding.UTF8.GetString(engine),
            decodedText,
            words,
            offset + 4);
        return FrameError.None;
    }

    private static StoredWord[] ReadWords(ReadOnlySpan<byte> section)
    {
        var words = new StoredWord[section.Length / WordLength];
        for (int i = 0; i < words.Length; i++)
        {
            var entry = section[(i * WordLength)..];
            words[i] = new StoredWord(
                BinaryPrimitives.ReadInt32LittleEndian(entry),
                BinaryPrimitives.ReadInt32LittleEndian(entry[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(entry[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(entry[12..]));
        }

        return words;
    }

    /// <summary>Each word within the text and the samples, starting no earlier than the one before.</summary>
    private static bool AreValid(IReadOnlyList<StoredWord> words, int textLength, int sampleCount)
    {
        int previousStart = 0;
        for (int i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.TextStart < 0 || word.TextLength < 0 || word.TextStart > textLength - word.TextLength
                || word.StartSample < previousStart || word.StartSample > word.EndSample || word.EndSample > sampleCount)
            {
                return false;
            }

            previousStart = word.StartSample;
        }

        return true;
    }
}
