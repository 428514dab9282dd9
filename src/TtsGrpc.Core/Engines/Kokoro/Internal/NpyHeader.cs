using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TtsGrpc.Core.Engines.Kokoro.Internal;

/// <summary>
/// The header of a NumPy .npy array: magic "\x93NUMPY", major and minor version, header length (u16 in 1.0, u32 in
/// 2.0 and 3.0), then a Python dict literal with 'descr', 'fortran_order' and 'shape'; the data follows it.
/// </summary>
internal sealed partial record NpyHeader(string Descr, bool FortranOrder, long[] Shape, int DataOffset)
{
    /// <exception cref="InvalidDataException">Not an .npy header this reader understands (<paramref name="what"/> names the array).</exception>
    public static NpyHeader Parse(ReadOnlySpan<byte> npy, string what)
    {
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (npy.Length < 10 || !npy[..6].SequenceEqual(magic))
        {
            throw new InvalidDataException($"{what} is not a NumPy .npy array (no \\x93NUMPY magic).");
        }

        byte major = npy[6];
        int lengthOffset = 8;
        long headerLength;
        int dataOffset;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(npy[lengthOffset..]);
                dataOffset = lengthOffset + 2;
                break;
            case 2 or 3 when npy.Length >= 12:
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(npy[lengthOffset..]);
                dataOffset = lengthOffset + 4;
                break;
            default:
                throw new InvalidDataException($"{what} is .npy version {major}.{npy[7]}; versions 1.0, 2.0 and 3.0 are read.");
        }

        if (dataOffset + headerLength > npy.Length)
        {
            throw new InvalidDataException($"{what} has a header longer than the array.");
        }

        var text = Encoding.Latin1.GetString(npy.Slice(dataOffset, (int)headerLength));
        var descr = DescrField().Match(text);
        var fortran = FortranField().Match(text);
        var shape = ShapeField().Match(text);
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            throw new InvalidDataException($"{what} has an .npy header without 'descr', 'fortran_order' and 'shape': {text.Trim()}");
        }

        var dimensions = shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var parsed = new long[dimensions.Length];
        for (int i = 0; i < dimensions.Length; i++)
        {
            if (!long.TryParse(dimensions[i], NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i]))
            {
                throw new InvalidDataException($"{what} has an unreadable shape ({shape.Groups[1].Value}).");
            }
        }

        return new NpyHeader(descr.Groups[1].Value, fortran.Groups[1].Value == "True", parsed, dataOffset + (int)headerLength);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrField();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranField();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeField();
}
