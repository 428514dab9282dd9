using System.Buffers.Binary;
using System.IO.Compression;
using TtsGrpc.Core.Engines.Kokoro.Internal;

namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>
/// Reads Kokoro voice packs: raw packs (<c>&lt;name&gt;.bin</c>, exactly <see cref="KokoroPack.ByteLength"/> bytes of
/// little-endian float32, as kokoro-js ships them) and npz bundles (<c>voices-v1.0.bin</c>: a zip, stored or
/// deflated, of <c>&lt;name&gt;.npy</c> arrays of '&lt;f4' [510, 1, 256]). Anything else, and any value that is not
/// finite, is refused with <see cref="InvalidDataException"/> naming the file.
/// </summary>
public static class KokoroPackFiles
{
    private static ReadOnlySpan<byte> ZipMagic => "PK\u0003\u0004"u8;
    private static ReadOnlySpan<byte> EmptyZipMagic => "PK\u0005\u0006"u8;

    /// <summary>
    /// The files a voices path names: itself when it is a file; every <c>*.bin</c> and <c>*.npz</c> in it, in
    /// ordinal order, when it is a directory; none when it does not exist.
    /// </summary>
    public static IReadOnlyList<string> Files(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return [Path.GetFullPath(path)];
        }

        if (!Directory.Exists(path))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(path, "*.bin").Concat(Directory.EnumerateFiles(path, "*.npz"))
            .Select(Path.GetFullPath).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every pack in <paramref name="file"/>: the bundle's arrays when it is a zip, else the one raw pack.</summary>
    /// <exception cref="InvalidDataException">The file, or an array in it, is not a pack.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<KokoroPackFile> Read(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        if (!IsZip(file))
        {
            return [new KokoroPackFile(Path.GetFileNameWithoutExtension(file), file, null, ReadRaw(file))];
        }

        using var archive = OpenZip(file);
        var packs = new List<KokoroPackFile>();
        foreach (var entry in archive.Entries)
        {
            if (entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
            {
                packs.Add(new KokoroPackFile(EntryName(entry), file, entry.FullName, ReadEntry(file, entry)));
            }
        }

        return packs;
    }

    /// <summary>One pack again, as <see cref="Read"/> found it (<paramref name="entry"/> null: a raw pack).</summary>
    /// <exception cref="InvalidDataException">The pack is no longer there or no longer valid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static float[] ReadOne(string file, string? entry)
    {
        if (entry is null)
        {
            return ReadRaw(file);
        }

        using var archive = OpenZip(file);
        var found = archive.GetEntry(entry) ?? throw new InvalidDataException($"'{file}' no longer holds '{entry}'.");
        return ReadEntry(file, found);
    }

    /// <summary>A raw pack: exactly <see cref="KokoroPack.ByteLength"/> bytes of little-endian float32.</summary>
    public static float[] ReadRaw(string file)
    {
        long length = new FileInfo(file).Length;
        if (length != KokoroPack.ByteLength)
        {
            throw new InvalidDataException(
                $"'{file}' is {length} bytes; a raw Kokoro voice pack is {KokoroPack.ByteLength} bytes " +
                $"(float32 [{KokoroPack.Rows}, 1, {KokoroPack.Width}]), and an npz bundle is a zip.");
        }

        return ToFloats(File.ReadAllBytes(file), $"'{file}'");
    }

    /// <summary>An .npy array ('&lt;f4', C order, shape (510, 1, 256)); <paramref name="what"/> names it in messages (quoted).</summary>
    public static float[] ReadNpy(ReadOnlySpan<byte> npy, string what)
    {
        var header = NpyHeader.Parse(npy, what);
        if (header.Descr != "<f4")
        {
            throw new InvalidDataException($"{what} holds '{header.Descr}' values; a Kokoro voice pack is little-endian float32 ('<f4').");
        }

        if (header.FortranOrder)
        {
            throw new InvalidDataException($"{what} is in Fortran order; a Kokoro voice pack is in C order.");
        }

        if (header.Shape is not [KokoroPack.Rows, 1, KokoroPack.Width])
        {
            throw new InvalidDataException(
                $"{what} has shape ({string.Join(", ", header.Shape)}); a Kokoro voice pack is ({KokoroPack.Rows}, 1, {KokoroPack.Width}).");
        }

        var data = npy[header.DataOffset..];
        if (data.Length != KokoroPack.ByteLength)
        {
            throw new InvalidDataException($"{what} has {data.Length} bytes of data; ({KokoroPack.Rows}, 1, {KokoroPack.Width}) float32 is {KokoroPack.ByteLength}.");
        }

        return ToFloats(data, what);
    }

    private static bool IsZip(string file)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(file);
        return stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) == magic.Length
            && (magic.SequenceEqual(ZipMagic) || magic.SequenceEqual(EmptyZipMagic));
    }

    private static ZipArchive OpenZip(string file)
    {
        try
        {
            return ZipFile.OpenRead(file);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{file}' starts like a zip but cannot be read as an npz bundle: {ex.Message}", ex);
        }
    }

    private static string EntryName(ZipArchiveEntry entry) => Path.GetFileNameWithoutExtension(entry.Name);

    private static float[] ReadEntry(string file, ZipArchiveEntry entry)
    {
        string what = $"'{entry.FullName}' in '{file}'";
        // A pack's array and its header; a bundle claiming much more is not one.
        const int limit = KokoroPack.ByteLength + (1 << 16);
        if (entry.Length > limit)
        {
            throw new InvalidDataException($"{what} is {entry.Length} bytes; a Kokoro voice pack array is about {KokoroPack.ByteLength}.");
        }

        var buffer = new byte[entry.Length];
        try
        {
            using var stream = entry.Open();
            stream.ReadExactly(buffer);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"{what} cannot be read: {ex.Message}", ex);
        }

        return ReadNpy(buffer, what);
    }

    private static float[] ToFloats(ReadOnlySpan<byte> bytes, string what)
    {
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            if (!float.IsFinite(value))
            {
                throw new InvalidDataException(
                    $"{what} has a value that is not finite ({value}) at row {i / KokoroPack.Width}, column {i % KokoroPack.Width}.");
            }

            values[i] = value;
        }

        return values;
    }
}
