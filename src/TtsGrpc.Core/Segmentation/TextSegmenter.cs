using System.Text;

namespace TtsGrpc.Core.Segmentation;

/// <summary>
/// Splits text into sentence segments. Segments tile the input: nothing is dropped or reordered.
/// A sentence ends at . ! ? or … (plus closing quotes/brackets) followed by whitespace, unless the
/// period belongs to an abbreviation, an initial, or the next word starts in lower case; a blank
/// line always ends one. Sentences longer than the cap are cut at a clause break or a space.
/// </summary>
public static class TextSegmenter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "mt", "ft", "no", "nos", "fig", "figs",
        "approx", "dept", "est", "inc", "ltd", "co", "corp", "gen", "gov", "sen", "rep", "rev", "capt",
        "col", "lt", "sgt", "e.g", "i.e", "cf", "al", "ca", "vol", "vols", "pp", "ch", "sec", "ave", "blvd",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
    };

    public static IReadOnlyList<TextSegment> Split(string text, int maxSegmentChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegmentChars, 16);
        var spans = new List<(int Start, int End)>();
        var start = 0;
        while (start < text.Length)
        {
            var end = SentenceEnd(text, start);
            foreach (var piece in CapLength(text, start, end, maxSegmentChars))
            {
                spans.Add(piece);
            }

            start = end;
        }

        return ToSegments(text, MergeBlank(text, spans));
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

    /// <summary>Index just past the sentence that starts at <paramref name="start"/>, trailing whitespace included.</summary>
    internal static int SentenceEnd(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' && IsBlankLineAhead(text, i + 1, out var afterBlank))
            {
                return afterBlank;
            }

            if (!IsTerminator(c))
            {
                continue;
            }

            var j = i + 1;
            while (j < text.Length && (IsTerminator(text[j]) || IsCloser(text[j])))
            {
                j++;
            }

            if (j < text.Length && !char.IsWhiteSpace(text[j]))
            {
                i = j - 1;
                continue;
            }

            var next = SkipWhitespace(text, j);
            if (next == text.Length || IsSentenceBreak(text, start, i, next))
            {
                return next;
            }

            i = j - 1;
        }

        return text.Length;
    }

    private static bool IsSentenceBreak(string text, int sentenceStart, int terminator, int nextWord)
    {
        if (char.IsLower(text[nextWord]))
        {
            return false; // "she asked", "e.g. apples": the sentence goes on
        }

        if (text[terminator] != '.' || (terminator + 1 < text.Length && text[terminator + 1] == '.'))
        {
            return true;
        }

        var wordStart = terminator;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]) && !IsOpener(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text.AsSpan(wordStart, terminator - wordStart);
        var isInitial = word.Length == 1 && char.IsUpper(word[0]);
        return !isInitial && !Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
    }

    private static IEnumerable<(int Start, int End)> CapLength(string text, int start, int end, int cap)
    {
        while (end - start > cap)
        {
            var cut = BestCut(text, start, start + cap);
            yield return (start, cut);
            start = cut;
        }

        yield return (start, end);
    }

    /// <summary>Where to cut [start, limit): after the last clause mark, else the last space, else at the limit.</summary>
    private static int BestCut(string text, int start, int limit)
    {
        var lastSpace = -1;
        for (var i = limit - 1; i > start + (limit - start) / 3; i--)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                continue;
            }

            if (i > start && ",;:—–)".Contains(text[i - 1], StringComparison.Ordinal))
            {
                return SkipWhitespace(text, i);
            }

            if (lastSpace < 0)
            {
                lastSpace = i;
            }
        }

        if (lastSpace > 0)
        {
            return Math.Min(SkipWhitespace(text, lastSpace), limit);
        }

        return char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
    }

    private static List<(int Start, int End)> MergeBlank(string text, List<(int Start, int End)> spans)
    {
        var merged = new List<(int Start, int End)>(spans.Count);
        foreach (var span in spans)
        {
            var blank = text.AsSpan(span.Start, span.End - span.Start).IsWhiteSpace();
            if (blank && merged.Count > 0)
            {
                merged[^1] = (merged[^1].Start, span.End);
            }
            else if (merged.Count > 0 && text.AsSpan(merged[^1].Start, merged[^1].End - merged[^1].Start).IsWhiteSpace())
            {
                merged[^1] = (merged[^1].Start, span.End);
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    private static List<TextSegment> ToSegments(string text, List<(int Start, int End)> spans)
    {
        var segments = new List<TextSegment>(spans.Count);
        foreach (var (start, end) in spans)
        {
            var raw = text[start..end];
            segments.Add(new TextSegment(segments.Count, start, raw, Normalize(raw)));
        }

        return segments;
    }

    private static bool IsBlankLineAhead(string text, int from, out int next)
    {
        var i = from;
        while (i < text.Length && text[i] != '\n' && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        next = SkipWhitespace(text, i);
        return i < text.Length && text[i] == '\n';
    }

    private static int SkipWhitespace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…' or '。' or '！' or '？';

    private static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '»' or '」';

    private static bool IsOpener(char c) => c is '"' or '\'' or '“' or '‘' or '(' or '[' or '«' or '「';
}
