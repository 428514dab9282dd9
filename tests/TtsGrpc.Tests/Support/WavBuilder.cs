using System.Buffers.Binary;

namespace TtsGrpc.Tests.Support;

/// <summary>Writes WAV files of any shape, including broken ones, for upload tests.</summary>
public static class WavBuilder
{
    public static byte[] Pcm(float[] mono, int sampleRate, int bits = 16, int channels = 1, ushort formatTag = 1, bool extensible = false)
    {
        var bytesPerSample = bits / 8;
        var data = new byte[mono.Length * channels * bytesPerSample];
        for (var i = 0; i < mono.Length; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                WriteSample(data.AsSpan(((i * channels) + c) * bytesPerSample, bytesPerSample), mono[i], bits, formatTag == 3);
            }
        }

        return Build(Format(sampleRate, bits, channels, formatTag, extensible), data);
    }

    public static byte[] Format(int sampleRate, int bits, int channels, ushort formatTag, bool extensible = false)
    {
        var fmt = new byte[extensible ? 40 : 16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, extensible ? (ushort)0xFFFE : formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(sampleRate * channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bits);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), (ushort)bits);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), formatTag);
        }

        return fmt;
    }

    public static byte[] Build(byte[] fmt, byte[] data, params (string Id, byte[] Body)[] extraChunks)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(0u);
        writer.Write("WAVE"u8);
        foreach (var (id, body) in extraChunks)
        {
            Chunk(writer, id, body);
        }

        Chunk(writer, "fmt ", fmt);
        Chunk(writer, "data", data);
        writer.Flush();
        var bytes = stream.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    public static float[] Tone(double seconds, int sampleRate, double hz = 150, float amplitude = 0.5f) =>
        [.. Enumerable.Range(0, (int)(seconds * sampleRate)).Select(i => amplitude * (float)Math.Sin(2 * Math.PI * hz * i / sampleRate))];

    private static void Chunk(BinaryWriter writer, string id, byte[] body)
    {
        writer.Write(System.Text.Encoding.ASCII.GetBytes(id));
        writer.Write((uint)body.Length);
        writer.Write(body);
        if (body.Length % 2 == 1)
        {
            writer.Write((byte)0);
        }
    }

    private static void WriteSample(Span<byte> target, float value, int bits, bool isFloat)
    {
        if (isFloat)
        {
            BinaryPrimitives.WriteSingleLittleEndian(target, value);
            return;
        }

        switch (bits)
        {
            case 8:
                target[0] = (byte)Math.Clamp((int)Math.Round((value * 128) + 128), 0, 255);
                break;
            case 16:
                BinaryPrimitives.WriteInt16LittleEndian(target, (short)Math.Clamp(Math.Round(value * 32768), short.MinValue, short.MaxValue));
                break;
            case 24:
                var v = (int)Math.Clamp(Math.Round(value * 8388608), -8388608, 8388607);
                target[0] = (byte)v;
                target[1] = (byte)(v >> 8);
                target[2] = (byte)(v >> 16);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(target, (int)Math.Clamp(Math.Round(value * 2147483648.0), int.MinValue, int.MaxValue));
                break;
        }
    }
}
