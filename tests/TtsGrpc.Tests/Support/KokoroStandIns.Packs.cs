using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TtsGrpc.Tests.Support;

/// <summary>Voice packs: pack[r, 0, k] = r/1024 - 0.5 + (voice+1)*k/16384, voice the index in the names written.</summary>
public static partial class KokoroStandIns
{
    public const int PackRows = 510;

    /// <summary>Bytes of a raw pack (510 x 256 float32), as kokoro-js ships them.</summary>
    public const int PackBytes = PackRows * StyleLength * sizeof(float);

    /// <summary>The names <see cref="WriteVoices"/> writes by default, voices 0 to 3 in this order.</summary>
    public static IReadOnlyList<string> DefaultVoices { get; } = ["af_bella", "af_sky", "bf_emma", "jf_alpha"];

    /// <summary>
    /// Writes the packs of <paramref name="names"/> (default <see cref="DefaultVoices"/>), voice i the i-th name:
    /// <paramref name="raw"/> as &lt;name&gt;.bin each, and <paramref name="npz"/> (a file name) as one np.savez bundle.
    /// Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteVoices(
        string directory, IReadOnlyList<string>? names = null, bool raw = true, string? npz = "voices-v1.0.bin")
    {
        if (!raw && npz is null)
        {
            throw new ArgumentException("write raw packs, a bundle or both", nameof(raw));
        }

        List<string> args = ["voices", "--out", directory, "--names", string.Join(',', names ?? DefaultVoices)];
        if (raw)
        {
            args.Add("--raw");
        }

        if (npz is not null)
        {
            args.AddRange(["--npz", npz]);
        }

        return Run(args);
    }

    /// <summary>pack[row, 0, k] of the voice at index <paramref name="voice"/>; exact in float32 (a multiple of 1/16384).</summary>
    public static float PackValue(int voice, int row, int k) => ((row * 16) - 8192 + ((voice + 1) * k)) / 16384f;

    /// <summary>Row <paramref name="row"/> of a pack: the 256 style values the model gets for that many ids.</summary>
    public static float[] ExpectedRow(int voice, int row)
    {
        var values = new float[StyleLength];
        for (var k = 0; k < StyleLength; k++)
        {
            values[k] = PackValue(voice, row, k);
        }

        return values;
    }

    /// <summary>voice + 1 of the pack a style row came from: (style[255] - style[0]) * 16384 / 255.</summary>
    public static double VoiceCode(ReadOnlySpan<float> style) => ((double)style[StyleLength - 1] - style[0]) * 16384 / 255;

    /// <summary>A raw pack (&lt;name&gt;.bin) as 510 x 256 floats, row-major.</summary>
    public static float[] ReadRawPack(string path) => Floats(File.ReadAllBytes(path));

    /// <summary>The entry &lt;name&gt;.npy of an np.savez bundle: a float32 [510, 1, 256] array, row-major.</summary>
    public static float[] ReadNpzPack(string path, string name)
    {
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry(name + ".npy") ?? throw new InvalidDataException($"{path} has no {name}.npy");
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();

        // .npy: magic \x93NUMPY, major, minor, header length (u16 in v1, u32 in v2+), a Python dict literal.
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{name}.npy of {path} is not an .npy array");
        }

        var (headerLength, start) = bytes[6] == 1
            ? (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), 10)
            : ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), 12);
        var header = Encoding.ASCII.GetString(bytes, start, headerLength);
        if (!header.Contains("'<f4'", StringComparison.Ordinal)
            || !header.Contains("'fortran_order': False", StringComparison.Ordinal)
            || !header.Contains($"({PackRows}, 1, {StyleLength})", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}.npy of {path} is not float32 [{PackRows}, 1, {StyleLength}] in C order: {header.Trim()}");
        }

        return Floats(bytes.AsSpan(start + headerLength));
    }

    private static float[] Floats(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != PackBytes)
        {
            throw new InvalidDataException($"{bytes.Length} bytes of pack data; a pack has {PackBytes}");
        }

        var values = new float[PackRows * StyleLength];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return values;
    }
}
