using System.Buffers.Binary;

namespace TtsGrpc.Core.Audio;

/// <summary>
/// Reads RIFF/WAVE: PCM 8/16/24/32-bit and IEEE float 32-bit (plain or WAVE_FORMAT_EXTENSIBLE), one or
/// two channels, mixed down to mono float. Every problem is a <see cref="WavFormatException"/> that
/// names it; nothing else escapes, whatever the bytes.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    public static DecodedAudio Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file[8..12].SequenceEqual("WAVE"u8))
        {
            throw new WavFormatException("Not a WAV file: it must start with a RIFF/WAVE header.");
        }

        WavFormat? format = null;
        var offset = 12;
        while (offset + 8 <= file.Length)
        {
            var id = file.Slice(offset, 4);
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(file[(offset + 4)..]);
            var bodyStart = offset + 8;
            var available = file.Length - bodyStart;
            if (id.SequenceEqual("data"u8))
            {
                var fmt = format ?? throw new WavFormatException("The 'data' chunk comes before any 'fmt ' chunk.");
                // 0xFFFFFFFF (or 0) marks a stream written before its length was known: the data runs to the end.
                var length = declared is uint.MaxValue or 0 ? (uint)available : declared;
                if (length > available)
                {
                    throw new WavFormatException($"The 'data' chunk declares {declared} bytes but only {available} follow; the file is truncated.");
                }

                return Decode(file.Slice(bodyStart, (int)length), fmt);
            }

            if (declared > available)
            {
                throw new WavFormatException(
                    $"The '{Printable(id)}' chunk declares {declared} bytes but only {available} follow; the file is truncated.");
            }

            if (id.SequenceEqual("fmt "u8))
            {
                format = ParseFormat(file.Slice(bodyStart, (int)declared));
            }

            offset = bodyStart + (int)declared + (int)(declared & 1); // chunks are padded to even sizes
        }

        throw new WavFormatException(format is null ? "The file has no 'fmt ' chunk." : "The file has no 'data' chunk.");
    }

    private static WavFormat ParseFormat(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < 16)
        {
            throw new WavFormatException($"The 'fmt ' chunk is {chunk.Length} bytes; it needs at least 16.");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (tag == FormatExtensible)
        {
            if (chunk.Length < 40)
            {
                throw new WavFormatException("The WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is shorter than 40 bytes.");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]); // first two bytes of the sub-format GUID
        }

        var isFloat = tag == FormatFloat;
        if (tag != FormatPcm && !isFloat)
        {
            throw new WavFormatException($"Audio format {tag} is not supported; send PCM (1) or IEEE float (3).");
        }

        if (channels is 0 or > 2)
        {
            throw new WavFormatException($"The file has {channels} channels; send mono or stereo.");
        }

        if (isFloat ? bits != 32 : bits is not (8 or 16 or 24 or 32))
        {
            throw new WavFormatException(
                isFloat ? $"{bits}-bit float is not supported; send 32-bit float." : $"{bits}-bit PCM is not supported; send 8, 16, 24 or 32-bit.");
        }

        if (blockAlign != channels * (bits / 8))
        {
            throw new WavFormatException($"Block align {blockAlign} does not match {channels} channel(s) of {bits} bits.");
        }

        if (rate is 0 or > 1_000_000)
        {
            throw new WavFormatException($"Sample rate {rate} Hz is not valid.");
        }

        return new WavFormat((int)rate, channels, bits, isFloat);
    }

    private static DecodedAudio Decode(ReadOnlySpan<byte> data, WavFormat format)
    {
        var bytesPerSample = format.Bits / 8;
        var frameBytes = bytesPerSample * format.Channels;
        var frames = data.Length / frameBytes;
        var mono = new float[frames];
        for (var i = 0; i < frames; i++)
        {
            var frame = data.Slice(i * frameBytes, frameBytes);
            float sum = 0;
            for (var c = 0; c < format.Channels; c++)
            {
                sum += Sample(frame.Slice(c * bytesPerSample, bytesPerSample), format);
            }

            mono[i] = sum / format.Channels;
        }

        return new DecodedAudio(mono, format.SampleRate, format.Channels, format.Bits, format.IsFloat);
    }

    private static float Sample(ReadOnlySpan<byte> bytes, WavFormat format)
    {
        if (format.IsFloat)
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(bytes);
            return float.IsFinite(value) ? Math.Clamp(value, -1f, 1f) : 0f;
        }

        return format.Bits switch
        {
            8 => (bytes[0] - 128) / 128f, // 8-bit WAV is unsigned
            16 => BinaryPrimitives.ReadInt16LittleEndian(bytes) / 32768f,
            24 => ((bytes[2] << 24 | bytes[1] << 16 | bytes[0] << 8) >> 8) / 8388608f,
            _ => BinaryPrimitives.ReadInt32LittleEndian(bytes) / 2147483648f,
        };
    }

    private static string Printable(ReadOnlySpan<byte> id)
    {
        Span<char> chars = stackalloc char[id.Length];
        for (var i = 0; i < id.Length; i++)
        {
            chars[i] = id[i] is >= 32 and < 127 ? (char)id[i] : '?';
        }

        return new string(chars);
    }

    private sealed record WavFormat(int SampleRate, int Channels, int Bits, bool IsFloat);
}
