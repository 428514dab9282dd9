using CsCheck;

namespace TtsGrpc.Tests.Unit;

/// <summary>Random texts that hit every segmentation rule: the generator both segmenter test classes share.</summary>
internal static class SegmenterTexts
{
    private static readonly string[] Tokens =
    [
        "Hello", "world", "Yes", "x", "she", "日本", "👋", "é",
        ".", "!", "?", "…", "?!", "...", ",", ", ", "; ", ": ", " — ", ")", "(", "\"", "'", "”",
        " ", " ", " ", "  ", "\t", "\n", "\n\n", " \n \n ", "\r\n\r\n",
        "Dr.", "Mr. ", "e.g. ", "St.", "J. ", "3.5", "1.2.3", "\u0001",
    ];

    /// <summary>
    /// Words, abbreviations, initials, decimals, punctuation, quotes, newlines and blank lines, with now and
    /// then a run without spaces long enough to need a hard cut even at a cap of 300.
    /// </summary>
    public static Gen<string> Any { get; } = Gen.Frequency(
            (30, Gen.Int[0, Tokens.Length - 1].Select(i => Tokens[i])),
            (1, Gen.Select(Gen.Char['a', 'z'], Gen.Int[20, 400]).Select((c, n) => new string(c, n))))
        .Array[1, 120]
        .Select(string.Concat);
}
