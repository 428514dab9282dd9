namespace TtsGrpc.Core.Engines.Internal;

/// <summary>
/// The words of a segment's text as word timings name them: runs between whitespace, without the punctuation
/// around them ("world." is "world", "(yes)" is "yes"; "don't" and "U.S.A" keep theirs inside). A run of
/// punctuation alone ("—") is no word.
/// </summary>
internal static class TextWords
{
    /// <summary>A word's UTF-16 span in the text.</summary>
    public readonly record struct Word(int Start, int Length)
    {
        public int End => Start + Length;
    }

    public static List<Word> Of(string text)
    {
        var words = new List<Word>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            i = RunEnd(text, i);
            if (Trim(text, start, i) is { } word)
            {
                words.Add(word);
            }
        }

        return words;
    }

    /// <summary>The index of the word whose run holds UTF-16 index <paramref name="index"/>, else of the first word after it; -1 when none.</summary>
    public static int At(IReadOnlyList<Word> words, string text, int index)
    {
        for (var w = 0; w < words.Count; w++)
        {
            if (RunEnd(text, words[w].End) > index)
            {
                return w;
            }
        }

        return -1;
    }

    /// <summary>The UTF-16 index of 0-based code point <paramref name="codePoint"/> of <paramref name="text"/> (its length past the end).</summary>
    public static int Utf16Index(string text, int codePoint)
    {
        var i = 0;
        for (var c = 0; c < codePoint && i < text.Length; c++)
        {
            i += char.IsSurrogatePair(text, i) ? 2 : 1;
        }

        return i;
    }

    /// <summary>
    /// Where the sound of a word that may last until <paramref name="bound"/> ends: the end of the last 5 ms stretch
    /// before the bound that is not silent (peak above 1 % of full scale), so the pause after a word is not its own.
    /// </summary>
    public static int EndOfSound(ReadOnlySpan<short> pcm, int start, int bound, int sampleRate)
    {
        const int Threshold = short.MaxValue / 100;
        var window = Math.Max(1, sampleRate / 200);
        bound = Math.Clamp(bound, start, pcm.Length);
        for (var end = bound; end > start; end -= window)
        {
            var from = Math.Max(start, end - window);
            foreach (var sample in pcm[from..end])
            {
                if (Math.Abs((int)sample) > Threshold)
                {
                    return end;
                }
            }
        }

        return bound;
    }

    private static Word? Trim(string text, int start, int end)
    {
        var from = start;
        var to = end;
        while (from < to && char.IsPunctuation(text, from))
        {
            from++;
        }

        while (to > from && char.IsPunctuation(text, to - 1))
        {
            to--;
        }

        return from < to ? new Word(from, to - from) : null;
    }

    private static int RunEnd(string text, int index)
    {
        while (index < text.Length && !char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }
}
