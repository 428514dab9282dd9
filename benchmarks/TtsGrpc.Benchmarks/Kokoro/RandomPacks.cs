using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using TtsGrpc.Core.Engines.Kokoro;

namespace TtsGrpc.Benchmarks.Kokoro;

/// <summary>
/// Voice packs of seeded random values (normal, sigma 0.25), written the way kokoro-onnx and kokoro-js ship them.
/// Like a trained pack's, and unlike the formula packs of kokoro_model.py (whose stored frame LZ4 shrinks about 14x),
/// their float mantissas do not compress, so the store keeps each as a frame of about 522 KB, as it would a real one.
/// </summary>
internal static class RandomPacks
{
    public static float[] Values(int seed)
    {
        var random = new Random(seed);
        var values = new float[KokoroPack.Length];
        for (var i = 0; i < values.Length; i++)
        {
            // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            values[i] = (float)(0.25 * radius * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }

    /// <summary>A raw pack: 510 * 256 little-endian float32, as kokoro-js's voices/*.bin.</summary>
    public static void WriteRaw(string path, float[] values) => File.WriteAllBytes(path, ToBytes(values));

    /// <summary>An npz bundle as np.savez writes kokoro-onnx's voices-v1.0.bin: a zip of stored &lt;name&gt;.npy entries.</summary>
    public static void WriteBundle(string path, IEnumerable<(string Name, float[] Values)> packs)
    {
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, values) in packs)
            {
                using var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
                entry.Write(NpyHeader());
                entry.Write(ToBytes(values));
            }
        }

        using var check = ZipFile.OpenRead(path);
        if (check.Entries.Any(e => e.CompressedLength != e.Length))
        {
            throw new InvalidOperationException($"{path} has compressed entries; np.savez stores them.");
        }
    }

    /// <summary>The .npy 1.0 header numpy writes for '&lt;f4' (510, 1, 256): padded with spaces to 128 bytes, ending in a newline.</summary>
    private static byte[] NpyHeader()
    {
        var dictionary = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({KokoroPack.Rows}, 1, {KokoroPack.Width}), }}";
        const int Preamble = 10;
        var length = ((Preamble + dictionary.Length + 1 + 63) / 64 * 64) - Preamble;
        var header = new byte[Preamble + length];
        header[0] = 0x93;
        "NUMPY"u8.CopyTo(header.AsSpan(1));
        header[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)length);
        Encoding.ASCII.GetBytes(dictionary.PadRight(length - 1) + "\n").CopyTo(header.AsSpan(Preamble));
        return header;
    }

    private static byte[] ToBytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }
}
