using System.Text;
using TtsGrpc.Core.Segmentation.Internal;

namespace TtsGrpc.Core.Segmentation;

/// <summary>
/// Splits text into sentence segments. Segments tile the input: nothing is dropped or reordered, and each
/// one keeps the whitespace after it (the first one also the text's leading whitespace), so only a text
/// that is all whitespace makes a segment with nothing to read. A sentence ends at . ! ? … 。！？ (plus
/// further terminators and closing quotes/brackets) followed by whitespace, unless the next word starts
/// in lower case or the period closes an abbreviation or an initial; a blank line always ends one.
/// The cap counts the UTF-16 characters of a segment from its first to its last non-whitespace
/// character, so <see cref="TextSegment.SpeakText"/>, which collapses whitespace, is never longer (NFC
/// aside, which lengthens a few rare characters). A sentence over the cap is cut after the last clause
/// mark (, ; : — – or ")") and its whitespace in the last two-thirds of the cap, else after the last
/// whitespace there, else at the cap itself, never inside a surrogate pair.
/// </summary>
public static class TextSegmenter
{
    public static IReadOnlyList<TextSegment> Split(string text, int maxSegmentChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegmentChars, 16);
        var scanner = new SegmentScanner(maxSegmentChars);
        var segments = new List<TextSegment>();
        var start = 0;
        while (scanner.TryNext(text, final: true, out var end))
        {
            segments.Add(Segment(segments.Count, start, text[start..end]));
            start = end;
        }

        return segments;
    }

    /// <summary>
    /// Whether <paramref name="c"/> carries nothing to read: whitespace, a control character, or U+FFFD,
    /// which stands for bytes that were not valid UTF-8 (the engine would otherwise say its name).
    /// </summary>
    public static bool IsSilent(char c) => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\uFFFD';

    /// <summary>Whether any character of <paramref name="text"/> is one to read (see <see cref="IsSilent"/>).</summary>
    public static bool HasWords(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsSilent(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where each character of <paramref name="speakText"/> (<see cref="Normalize"/> of <paramref name="text"/>)
    /// is in <paramref name="text"/>: a space maps to the first character of the silent run it stands for. Null
    /// when NFC changed the text, so the two no longer match character for character.
    /// </summary>
    public static int[]? SpeakTextMap(string text, string speakText)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(speakText);
        var map = new int[speakText.Length];
        var j = 0;
        while (j < text.Length && IsSilent(text[j]))
        {
            j++;
        }

        for (var i = 0; i < speakText.Length; i++)
        {
            if (j >= text.Length)
            {
                return null;
            }

            map[i] = j;
            if (speakText[i] == ' ' && IsSilent(text[j]))
            {
                while (j < text.Length && IsSilent(text[j]))
                {
                    j++;
                }
            }
            else if (speakText[i] == text[j])
            {
                j++;
            }
            else
            {
                return null;
            }
        }

        return map;
    }

    /// <summary>The normalized form the engine reads: NFC, silent characters as spaces, runs of them as one space.</summary>
    public static string Normalize(string text)
    {
        var normalized = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (IsSilent(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    internal static TextSegment Segment(int index, int start, string text) => new(index, start, text, Normalize(text));
}
