using System.Text;

namespace TtsGrpc.Core.Engines.Internal;

/// <summary>
/// Which phonemes of a text's phoneme string each of its words was said with, for engines that speak espeak-ng's
/// phonemes (Kokoro, Piper). The phoneme string's words are its runs between spaces; each whitespace run of the
/// text is phonemized alone too, which tells how many phoneme words it makes ("1990" three, "U.S.A." one). When
/// the counts add up, the phoneme words go to the runs in order. espeak-ng also says some pairs as one word ("of
/// the" is "ʌvðə"): such a phoneme word is split between its runs only where the pieces are exactly the runs' own
/// phonemes (stress marks aside) at its start or end, and only when that is the one way the counts add up.
/// Anything else is no match: never a guess.
/// </summary>
internal static class PhonemeWords
{
    private const int MinimumEvidence = 2;
    private const int MostMerged = 4;

    /// <summary>A whitespace run of the text, <see cref="Start"/> to <see cref="End"/>, and its word (none for "—").</summary>
    public readonly record struct Run(int Start, int End, TextWords.Word? Word)
    {
        public string Of(string text) => text[Start..End];
    }

    /// <summary>A word of the text and the code points [<see cref="Start"/>, <see cref="End"/>) of the phoneme string it was said with.</summary>
    public readonly record struct Said(TextWords.Word Word, int Start, int End);

    /// <summary>A phoneme word: code points [Start, End) of a phoneme string.</summary>
    public readonly record struct Span(int Start, int End);

    public static List<Run> Runs(string text)
    {
        var words = TextWords.Of(text);
        var runs = new List<Run>();
        var next = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            TextWords.Word? word = next < words.Count && words[next].Start < i ? words[next++] : null;
            runs.Add(new Run(start, i, word));
        }

        return runs;
    }

    /// <summary>The code points of <paramref name="text"/>.</summary>
    public static int[] CodePoints(string text) => [.. text.EnumerateRunes().Select(r => r.Value)];

    /// <summary>
    /// The words of a phoneme string: runs between spaces without the punctuation at their ends ("wˈɜːld." is
    /// "wˈɜːld"); a run of punctuation alone ("—") is none.
    /// </summary>
    public static List<Span> Of(ReadOnlySpan<int> phonemes)
    {
        var words = new List<Span>();
        var i = 0;
        while (i < phonemes.Length)
        {
            if (phonemes[i] == ' ')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < phonemes.Length && phonemes[i] != ' ')
            {
                i++;
            }

            var from = start;
            var to = i;
            while (from < to && IsPunctuation(phonemes[from]))
            {
                from++;
            }

            while (to > from && IsPunctuation(phonemes[to - 1]))
            {
                to--;
            }

            if (from < to)
            {
                words.Add(new Span(from, to));
            }
        }

        return words;
    }

    /// <summary>
    /// The words of <paramref name="runs"/> with the code points of <paramref name="phonemes"/> (the whole text's)
    /// they were said with, in text order; <paramref name="alone"/> holds each run's phonemes when it is phonemized
    /// by itself. A word whose run made no phoneme word is left out. Null when the phoneme words cannot be matched
    /// to the runs exactly.
    /// </summary>
    public static List<Said>? Match(IReadOnlyList<Run> runs, int[] phonemes, IReadOnlyList<int[]> alone)
    {
        if (alone.Count != runs.Count)
        {
            throw new ArgumentException($"{alone.Count} phonemizations for {runs.Count} runs", nameof(alone));
        }

        var spoken = Of(phonemes);
        var keys = spoken.Select(s => Key(phonemes, s)).ToArray();
        var owners = new List<int>();
        var aloneKeys = new List<string>();
        for (var r = 0; r < runs.Count; r++)
        {
            foreach (var span in Of(alone[r]))
            {
                owners.Add(r);
                aloneKeys.Add(Key(alone[r], span));
            }
        }

        var path = new Alignment(keys, aloneKeys, owners).Unique();
        if (path is null)
        {
            return null;
        }

        // Each run's phonemes: from the start of its first piece to the end of its last.
        var from = new int?[runs.Count];
        var to = new int[runs.Count];
        foreach (var (run, start, end) in Pieces(path, spoken, phonemes))
        {
            from[run] = Math.Min(from[run] ?? int.MaxValue, start);
            to[run] = Math.Max(to[run], end);
        }

        var said = new List<Said>();
        for (var r = 0; r < runs.Count; r++)
        {
            if (runs[r].Word is { } word && from[r] is { } start)
            {
                said.Add(new Said(word, start, to[r]));
            }
        }

        return said;
    }

    /// <summary>Each phoneme word of the path, or each piece of one split between runs, with the run it goes to.</summary>
    private static IEnumerable<(int Run, int Start, int End)> Pieces(List<Alignment.Step> path, List<Span> spoken, int[] phonemes)
    {
        foreach (var step in path)
        {
            var span = spoken[step.Spoken];
            var start = span.Start;
            for (var p = 0; p < step.Runs.Count; p++)
            {
                var end = p + 1 < step.Runs.Count ? Position(phonemes, span, step.Cuts[p]) : span.End;
                yield return (step.Runs[p], start, end);
                start = end;
            }
        }
    }

    /// <summary>
    /// Where in the word a cut <paramref name="cut"/> UTF-16 characters into its key falls: after the key's last
    /// character before it, so a stress mark there goes with the syllable it starts, the next piece.
    /// </summary>
    private static int Position(int[] phonemes, Span span, int cut)
    {
        var counted = 0;
        for (var i = span.Start; i < span.End && cut > 0; i++)
        {
            if (IsStress(phonemes[i]))
            {
                continue;
            }

            counted += phonemes[i] > 0xFFFF ? 2 : 1;
            if (counted >= cut)
            {
                return i + 1;
            }
        }

        return cut > 0 ? span.End : span.Start;
    }

    private static string Key(ReadOnlySpan<int> phonemes, Span span)
    {
        var key = new StringBuilder(span.End - span.Start);
        foreach (var phoneme in phonemes[span.Start..span.End])
        {
            if (!IsStress(phoneme))
            {
                key.Append(char.ConvertFromUtf32(phoneme));
            }
        }

        return key.ToString();
    }

    private static bool IsStress(int phoneme) => phoneme is 'ˈ' or 'ˌ';

    private static bool IsPunctuation(int phoneme) => Rune.IsValid(phoneme) && Rune.IsPunctuation(new Rune(phoneme));

    /// <summary>
    /// The ways the text's phoneme words (keys, stress marks left out) are the runs' phonemized alone: one for one,
    /// or one for several that it is exactly made of (a split <see cref="Cuts"/> into pieces, one per run).
    /// </summary>
    private sealed class Alignment(string[] spoken, List<string> alone, List<int> owners)
    {
        private readonly Dictionary<(int, int), int> _ways = [];

        /// <summary>One phoneme word of the text: the runs it goes to, and where it is cut between them (in key code points).</summary>
        public sealed record Step(int Spoken, IReadOnlyList<int> Runs, IReadOnlyList<int> Cuts);

        /// <summary>The one way the words match, or null when there is none or more than one.</summary>
        public List<Step>? Unique()
        {
            if (spoken.Length > alone.Count || Ways(0, 0) != 1)
            {
                return null;
            }

            var path = new List<Step>(spoken.Length);
            var (k, q) = (0, 0);
            while (k < spoken.Length)
            {
                var step = Moves(k, q).First(m => Ways(k + 1, q + m.Taken) > 0);
                path.Add(step.Step);
                (k, q) = (k + 1, q + step.Taken);
            }

            return path;
        }

        /// <summary>Ways to match the text's words from <paramref name="k"/> with the alone words from <paramref name="q"/>: 0, 1, or 2 for more.</summary>
        private int Ways(int k, int q)
        {
            if (k == spoken.Length || q == alone.Count)
            {
                return k == spoken.Length && q == alone.Count ? 1 : 0;
            }

            if (_ways.TryGetValue((k, q), out var known))
            {
                return known;
            }

            var ways = 0;
            foreach (var (taken, _) in Moves(k, q))
            {
                ways = Math.Min(2, ways + Ways(k + 1, q + taken));
            }

            _ways[(k, q)] = ways;
            return ways;
        }

        /// <summary>The text's word <paramref name="k"/> as alone word <paramref name="q"/>, or as it and the next ones when it is exactly made of them.</summary>
        private IEnumerable<(int Taken, Step Step)> Moves(int k, int q)
        {
            yield return (1, new Step(k, [owners[q]], []));
            var spare = (alone.Count - q) - (spoken.Length - k); // alone words more than the text's words left
            for (var taken = 2; taken <= Math.Min(spare + 1, MostMerged) && q + taken <= alone.Count; taken++)
            {
                if (Split(k, q, taken) is { } step)
                {
                    yield return (taken, step);
                }
            }
        }

        /// <summary>
        /// The text's word <paramref name="k"/> cut into pieces for alone words q..q+taken, grouped by run: when it
        /// is all of them exactly, or every run's but one's at its start or end (two characters at least each),
        /// that one the rest between.
        /// </summary>
        private Step? Split(int k, int q, int taken)
        {
            var word = spoken[k];
            var runs = new List<int>();
            var parts = new List<string>();
            for (var a = q; a < q + taken; a++)
            {
                if (runs.Count > 0 && runs[^1] == owners[a])
                {
                    parts[^1] += alone[a];
                }
                else
                {
                    runs.Add(owners[a]);
                    parts.Add(alone[a]);
                }
            }

            if (string.Concat(parts) == word)
            {
                return new Step(k, runs, Cumulative(parts.Take(parts.Count - 1).Select(p => p.Length)));
            }

            if (runs.Count == 1)
            {
                return null;
            }

            var start = 0;
            var left = 0;
            while (left < parts.Count - 1 && parts[left].Length >= MinimumEvidence
                && word.AsSpan(start).StartsWith(parts[left], StringComparison.Ordinal))
            {
                start += parts[left++].Length;
            }

            var end = word.Length;
            var right = parts.Count - 1;
            while (right > left && parts[right].Length >= MinimumEvidence && end - parts[right].Length > start
                && word.AsSpan(0, end).EndsWith(parts[right], StringComparison.Ordinal))
            {
                end -= parts[right--].Length;
            }

            if (left != right || start >= end)
            {
                return null;
            }

            var lengths = parts.Select(p => p.Length).ToArray();
            lengths[left] = end - start;
            return new Step(k, runs, Cumulative(lengths.Take(lengths.Length - 1)));
        }

        private static List<int> Cumulative(IEnumerable<int> lengths)
        {
            var cuts = new List<int>();
            var sum = 0;
            foreach (var length in lengths)
            {
                sum += length;
                cuts.Add(sum);
            }

            return cuts;
        }
    }
}
