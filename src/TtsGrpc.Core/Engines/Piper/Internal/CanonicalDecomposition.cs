using System.Globalization;
using System.Text;

namespace TtsGrpc.Core.Engines.Piper.Internal;

/// <summary>
/// Unicode NFD ("ç" → "c" + U+0327), which Piper applies before it looks phonemes up. The service runs with
/// invariant globalization, where <see cref="string.Normalize(NormalizationForm)"/> returns the text as it is,
/// so this carries its own tables; they also keep the ids the same on every host, whatever its ICU.
/// </summary>
internal static partial class CanonicalDecomposition
{
    private const int HangulFirst = 0xAC00;
    private const int HangulCount = 11172;
    private const int JamoL = 0x1100;
    private const int JamoV = 0x1161;
    private const int JamoT = 0x11A7;
    private const int JamoVCount = 21;
    private const int JamoTCount = 28;

    private static readonly Lazy<Dictionary<int, int[]>> Decompositions = new(ReadDecompositions);
    private static readonly Lazy<Dictionary<int, byte>> CombiningClasses = new(ReadCombiningClasses);

    /// <summary>The code points of <paramref name="text"/> in NFD: fully decomposed, combining marks in canonical order.</summary>
    public static List<int> Decompose(string text)
    {
        var output = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            if (c is >= HangulFirst and < HangulFirst + HangulCount)
            {
                var s = c - HangulFirst;
                output.Add(JamoL + (s / (JamoVCount * JamoTCount)));
                output.Add(JamoV + (s % (JamoVCount * JamoTCount) / JamoTCount));
                if (s % JamoTCount != 0)
                {
                    output.Add(JamoT + (s % JamoTCount));
                }
            }
            else if (c >= 0xC0 && Decompositions.Value.TryGetValue(c, out var parts))
            {
                output.AddRange(parts);
            }
            else
            {
                output.Add(c);
            }
        }

        Reorder(output);
        return output;
    }

    public static string ToNfd(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in Decompose(text))
        {
            builder.Append(char.ConvertFromUtf32(c));
        }

        return builder.ToString();
    }

    /// <summary>Canonical ordering: within each run of combining marks, a stable sort by combining class.</summary>
    private static void Reorder(List<int> codePoints)
    {
        for (var i = 1; i < codePoints.Count; i++)
        {
            var current = codePoints[i];
            var currentClass = Class(current);
            if (currentClass == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && Class(codePoints[j - 1]) > currentClass)
            {
                codePoints[j] = codePoints[j - 1];
                j--;
            }

            codePoints[j] = current;
        }
    }

    private static byte Class(int codePoint) =>
        codePoint >= 0x300 && CombiningClasses.Value.TryGetValue(codePoint, out var value) ? value : (byte)0;

    private static Dictionary<int, int[]> ReadDecompositions()
    {
        var map = new Dictionary<int, int[]>();
        foreach (var entry in DecompositionData.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            map[Hex(entry[..colon])] = [.. entry[(colon + 1)..].Split(',').Select(Hex)];
        }

        return map;
    }

    private static Dictionary<int, byte> ReadCombiningClasses()
    {
        var map = new Dictionary<int, byte>();
        foreach (var entry in CombiningClassData.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var range = entry[..colon].Split('-');
            var value = byte.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture);
            for (var c = Hex(range[0]); c <= Hex(range[^1]); c++)
            {
                map[c] = value;
            }
        }

        return map;
    }

    private static int Hex(string digits) => int.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
