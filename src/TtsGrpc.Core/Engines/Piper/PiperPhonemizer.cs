using TtsGrpc.Core.Engines.Espeak.Internal;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Core.Engines.Piper.Internal;

namespace TtsGrpc.Core.Engines.Piper;

/// <summary>
/// One segment's text → the ids a Piper voice model takes, by Piper's own conventions. phoneme_type "espeak":
/// espeak-ng's IPA for each clause (see <see cref="PiperClauses"/>) in NFD, phoneme_map applied, language-switch
/// flags such as "(en)" removed, and after each clause the punctuation Piper appends for its terminator.
/// phoneme_type "text": the text itself, case-folded and NFD, phoneme_map applied. Each code point is one
/// phoneme, and the ids are ^ _ then each phoneme's ids and _ then $, i.e. 1,0,p1,0,…,pn,0,2 with the default
/// map. A segment is one sequence even where Piper would run two sentences ("Dr. Smith", or a text with
/// several sentences), their phonemes separated by a space. A text with no phonemes gives ^ _ $ alone (Piper
/// skips such a sentence; the caller decides).
/// </summary>
public sealed class PiperPhonemizer
{
    /// <summary>Part of the engine version, so of cache keys: bump it whenever the ids for some text change.</summary>
    public const int Version = 1;

    private long _skippedPhonemes;

    /// <summary>Phonemes left out because the voice's phoneme_id_map has no ids for them, since start.</summary>
    public long SkippedPhonemes => Interlocked.Read(ref _skippedPhonemes);

    /// <summary>
    /// The ids for <paramref name="text"/> in <paramref name="config"/>'s voice. espeak-ng is loaded on the first
    /// espeak voice; a voice config whose espeak voice espeak-ng does not have is
    /// <see cref="TtsErrorKind.FailedPrecondition"/>.
    /// </summary>
    public Task<PhonemeIds> ToIdsAsync(string text, PiperVoiceConfig config, CancellationToken cancellationToken) =>
        ToIdsAsync(text, config, timed: false, cancellationToken);

    /// <summary>
    /// <see cref="ToIdsAsync(string, PiperVoiceConfig, CancellationToken)"/>'s ids, with <see cref="PhonemeIds.Words"/>:
    /// the ids each word was said with (see <see cref="PhonemeWords"/>: each whitespace run of the text is phonemized
    /// alone too, in the same call to espeak-ng), null when the phonemes cannot be matched to the words exactly.
    /// </summary>
    internal Task<PhonemeIds> ToTimedIdsAsync(string text, PiperVoiceConfig config, CancellationToken cancellationToken) =>
        ToIdsAsync(text, config, timed: true, cancellationToken);

    private async Task<PhonemeIds> ToIdsAsync(string text, PiperVoiceConfig config, bool timed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(config);
        var runs = timed ? PhonemeWords.Runs(text) : [];
        List<string> texts = [text, .. runs.Select(r => r.Of(text))];
        var phonemized = config.PhonemeType switch
        {
            "espeak" => await EspeakPhonemesAsync(texts, config, cancellationToken).ConfigureAwait(false),
            "text" => [.. texts.Select(t => TextPhonemes(t, config.PhonemeMap))],
            _ => throw new TtsException(TtsErrorKind.FailedPrecondition, $"phoneme_type '{config.PhonemeType}' is not supported (espeak or text)."),
        };

        var phonemes = phonemized[0];
        var firstId = new int[phonemes.Count];
        var endId = new int[phonemes.Count];
        var ids = ToIds(phonemes, config.PhonemeIdMap, firstId, endId, out var skipped);
        if (skipped > 0)
        {
            Interlocked.Add(ref _skippedPhonemes, skipped);
        }

        if (!timed)
        {
            return new PhonemeIds(ids, skipped);
        }

        // A phoneme's ids are its own and the pad after it, as Piper counts a phoneme's samples.
        var said = PhonemeWords.Match(runs, [.. phonemes], [.. phonemized.Skip(1).Select(p => p.ToArray())]);
        return new PhonemeIds(ids, skipped) { Words = said is null ? null : WordIds.Of(said, firstId, endId) };
    }

    /// <summary>The phonemes of each of <paramref name="texts"/>, from one call to espeak-ng.</summary>
    private static async Task<List<List<int>>> EspeakPhonemesAsync(IReadOnlyList<string> texts, PiperVoiceConfig config, CancellationToken cancellationToken)
    {
        var clauses = texts.Select(PiperClauses.Split).ToList();
        var ipa = await EspeakLibrary.Shared.PhonemizeAsync([.. clauses.SelectMany(c => c).Select(c => c.Text)], config.EspeakVoice, cancellationToken)
            .ConfigureAwait(false);
        var all = new List<List<int>>(texts.Count);
        var next = 0;
        foreach (var textClauses in clauses)
        {
            var phonemes = new List<int>();
            foreach (var (_, ending) in textClauses)
            {
                var clause = WithoutLanguageFlags(Mapped(CanonicalDecomposition.Decompose(ipa[next++]), config.PhonemeMap));
                if (clause.Count == 0)
                {
                    continue; // espeak-ng ends no clause before a word, so a mark with nothing before it goes too
                }

                if (phonemes.Count > 0 && phonemes[^1] != ' ')
                {
                    phonemes.Add(' '); // after a sentence's mark, an ellipsis or a clause with none
                }

                phonemes.AddRange(clause);
                phonemes.AddRange(ending.Select(c => (int)c));
            }

            all.Add(phonemes);
        }

        return all;
    }

    private static List<int> TextPhonemes(string text, IReadOnlyDictionary<int, int[]> phonemeMap) =>
        Mapped(CanonicalDecomposition.Decompose(CaseFold(text)), phonemeMap);

    /// <summary>
    /// Unicode case folding: lower case, except where folding differs from it for letters in use ("ß" folds to
    /// "ss", final "ς" to "σ").
    /// </summary>
    private static string CaseFold(string text) =>
        text.ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal).Replace('ς', 'σ').Replace('ſ', 's').Replace('µ', 'μ');

    private static List<int> Mapped(List<int> phonemes, IReadOnlyDictionary<int, int[]> phonemeMap)
    {
        var mapped = new List<int>(phonemes.Count);
        foreach (var phoneme in phonemes)
        {
            if (phonemeMap.TryGetValue(phoneme, out var to))
            {
                mapped.AddRange(to);
            }
            else
            {
                mapped.Add(phoneme);
            }
        }

        return mapped;
    }

    /// <summary>espeak-ng marks words it reads in another language's voice as "(en)word(fr)"; Piper drops the flags.</summary>
    private static List<int> WithoutLanguageFlags(List<int> phonemes)
    {
        var kept = new List<int>(phonemes.Count);
        var inFlag = false;
        foreach (var phoneme in phonemes)
        {
            if (inFlag)
            {
                inFlag = phoneme != ')';
            }
            else if (phoneme == '(')
            {
                inFlag = true;
            }
            else
            {
                kept.Add(phoneme);
            }
        }

        return kept;
    }

    /// <summary>The ids of <paramref name="phonemes"/>; phoneme k became ids [firstId[k], endId[k]) (-1: skipped).</summary>
    private static long[] ToIds(List<int> phonemes, IReadOnlyDictionary<int, long[]> idMap, int[] firstId, int[] endId, out int skipped)
    {
        var pad = Required(idMap, '_');
        var ids = new List<long>((phonemes.Count * 2) + 3);
        ids.AddRange(Required(idMap, '^'));
        ids.AddRange(pad);
        skipped = 0;
        for (var k = 0; k < phonemes.Count; k++)
        {
            if (idMap.TryGetValue(phonemes[k], out var phonemeIds))
            {
                firstId[k] = ids.Count;
                ids.AddRange(phonemeIds);
                ids.AddRange(pad);
                endId[k] = ids.Count;
            }
            else
            {
                firstId[k] = endId[k] = -1;
                skipped++;
            }
        }

        ids.AddRange(Required(idMap, '$'));
        return [.. ids];
    }

    private static long[] Required(IReadOnlyDictionary<int, long[]> idMap, char symbol) =>
        idMap.TryGetValue(symbol, out var ids) ? ids
            : throw new TtsException(TtsErrorKind.FailedPrecondition, $"The Piper voice's phoneme_id_map has no '{symbol}' (pad _, start ^ and end $ are required).");
}
