using TtsGrpc.Core.Segmentation;

namespace TtsGrpc.Core.Engines.Piper.Internal;

/// <summary>
/// Finds the clauses of a segment and the punctuation Piper puts after each, which Piper learns from
/// espeak-ng's clause terminator and espeak-ng 1.51 does not report. Sentence ends are
/// <see cref="TextSegmenter"/>'s, so a period after an abbreviation, an initial or inside a number ends
/// nothing ("Dr. Smith paid 3.14 dollars." is one clause); within a sentence the marks follow espeak-ng's
/// own rule: , ; : – — ? ! end a clause when whitespace, a bracket or a quote, or the end follows, and
/// only once the clause has a letter or digit ("1,000" and ":-)" end nothing). A run of ? and ! counts as
/// its first mark, three or more dots or … as an ellipsis, which ends a clause with nothing appended.
/// Marks Piper appends nothing for (¿ ¡, the full-width and CJK ones) are left to espeak-ng to break at.
/// </summary>
internal static class PiperClauses
{
    public static List<PiperClause> Split(string text)
    {
        var clauses = new List<PiperClause>();
        // A cap past the text's length: the segmenter cuts nothing, it only finds the sentence ends.
        foreach (var sentence in TextSegmenter.Split(text, Math.Max(16, text.Length + 1)))
        {
            SplitSentence(sentence.Text, clauses);
        }

        return clauses;
    }

    private static void SplitSentence(string sentence, List<PiperClause> clauses)
    {
        var finalRun = FinalRun(sentence);
        var start = 0;
        var words = false;
        var i = 0;
        while (i < sentence.Length)
        {
            var c = sentence[i];
            var ending = Ending(c);
            if (ending is null)
            {
                words |= char.IsLetterOrDigit(c);
                i++;
                continue;
            }

            var next = i + 1;
            if (c is '?' or '!')
            {
                while (next < sentence.Length && sentence[next] is '?' or '!')
                {
                    next++;
                }
            }
            else if (c == '.')
            {
                while (next < sentence.Length && sentence[next] == '.')
                {
                    next++;
                }

                ending = next - i >= 3 ? "" : ending;
            }

            var ends = words
                && (next == sentence.Length || char.IsWhiteSpace(sentence[next]) || IsBracket(sentence[next]))
                && (c is not ('.' or '…') || i >= finalRun);
            if (ends)
            {
                while (next < sentence.Length && IsCloser(sentence[next]))
                {
                    next++;
                }

                clauses.Add(new PiperClause(sentence[start..next], ending));
                start = next;
                words = false;
            }

            i = next;
        }

        if (start == sentence.Length)
        {
            return;
        }

        var rest = sentence[start..];
        if (string.IsNullOrWhiteSpace(rest) && clauses.Count > 0)
        {
            clauses[^1] = clauses[^1] with { Text = clauses[^1].Text + rest }; // the space after the last mark
        }
        else
        {
            clauses.Add(new PiperClause(rest, "")); // espeak-ng's end of text: nothing appended
        }
    }

    /// <summary>Where the terminators that end the sentence start (before closers and whitespace); its length if none do.</summary>
    private static int FinalRun(string sentence)
    {
        var end = sentence.Length;
        while (end > 0 && (char.IsWhiteSpace(sentence[end - 1]) || IsCloser(sentence[end - 1])))
        {
            end--;
        }

        var run = end;
        while (run > 0 && sentence[run - 1] is '.' or '!' or '?' or '…')
        {
            run--;
        }

        return run < end ? run : sentence.Length;
    }

    private static string? Ending(char c) => c switch
    {
        '.' => ".",
        '?' => "?",
        '!' => "!",
        ',' => ", ",
        ':' => ": ",
        ';' or '–' or '—' => "; ", // espeak-ng gives dashes the semicolon's terminator
        '…' => "",
        _ => null,
    };

    /// <summary>espeak-ng's brackets, which end a clause like whitespace does after a mark (quotes among them).</summary>
    private static bool IsBracket(char c) =>
        c is >= '\u2014' and <= '\u201F' || "()[]{}<>\"'`«»《》".Contains(c, StringComparison.Ordinal);

    private static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '»' or '」';
}
