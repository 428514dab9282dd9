using System.Text.RegularExpressions;
using TtsGrpc.Core.Engines.Espeak.Internal;
using TtsGrpc.Core.Engines.Internal;

namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>
/// One segment's text → the ids a Kokoro model takes, the way kokoro.js makes them: the text normalised (quotes,
/// full-width punctuation, titles), cut at punctuation runs that are kept as they are, each run of words phonemized
/// by espeak-ng (IPA with stress) in the voice's language, Kokoro's phoneme fixes applied, then each character
/// looked up in the model's vocabulary (characters it lacks are dropped and counted). No pads: the engine adds them.
/// </summary>
public sealed partial class KokoroPhonemizer
{
    /// <summary>Part of the engine version, so of cache keys: bump it whenever the ids for some text change.</summary>
    public const int Version = 1;

    private long _dropped;

    /// <summary>Characters left out because the model's vocabulary lacks them, since start.</summary>
    public long DroppedCharacters => Interlocked.Read(ref _dropped);

    /// <summary>
    /// The espeak-ng voice for a Kokoro voice, from the first letter of its name (a: American English, b: British,
    /// e, f, h, i, p: Spanish, French, Hindi, Italian, Brazilian Portuguese). Japanese (j) and Mandarin (z) voices
    /// need a G2P this service does not have, so they are <see cref="TtsErrorKind.FailedPrecondition"/>.
    /// </summary>
    public static string EspeakVoiceFor(string voiceName) => voiceName.Length == 0 ? Unknown(voiceName) : char.ToLowerInvariant(voiceName[0]) switch
    {
        'a' => "en-us",
        'b' => "en-gb",
        'e' => "es",
        'f' => "fr-fr",
        'h' => "hi",
        'i' => "it",
        'p' => "pt-br",
        'j' or 'z' => throw new TtsException(
            TtsErrorKind.FailedPrecondition,
            $"Kokoro voice '{voiceName}' speaks {(char.ToLowerInvariant(voiceName[0]) == 'j' ? "Japanese" : "Mandarin")}, whose phonemes come from " +
            "misaki's G2P, which this server does not have; use a voice whose name starts with a, b, e, f, h, i or p."),
        _ => Unknown(voiceName),
    };

    public async Task<long[]> ToIdsAsync(string text, string voiceName, KokoroVocabulary vocabulary, CancellationToken cancellationToken)
    {
        var language = char.ToLowerInvariant(voiceName[0]);
        var phonemes = await PhonemizeAsync(text, EspeakVoiceFor(voiceName), language, cancellationToken);
        var ids = vocabulary.ToIds(phonemes, out var dropped);
        if (dropped > 0)
        {
            Interlocked.Add(ref _dropped, dropped);
        }

        return ids;
    }

    /// <summary>
    /// The ids of <paramref name="text"/> (as <see cref="ToIdsAsync"/> gives them) and the ids each of its words was
    /// said with (see <see cref="PhonemeWords"/>); null words when its phonemes cannot be matched to its words
    /// exactly. Each whitespace run of the text is phonemized alone too, in the same call to espeak-ng.
    /// </summary>
    internal async Task<(long[] Ids, List<WordIds>? Words)> ToTimedIdsAsync(
        string text, string voiceName, KokoroVocabulary vocabulary, CancellationToken cancellationToken)
    {
        var runs = PhonemeWords.Runs(text);
        var phonemized = await PhonemizeEachAsync(
            [text, .. runs.Select(r => r.Of(text))], EspeakVoiceFor(voiceName), char.ToLowerInvariant(voiceName[0]), cancellationToken);
        var phonemes = PhonemeWords.CodePoints(phonemized[0]);
        var idOf = new int[phonemes.Length];
        var ids = vocabulary.ToIds(phonemes, idOf, out var dropped);
        if (dropped > 0)
        {
            Interlocked.Add(ref _dropped, dropped);
        }

        // The ids are of the characters kept: a word's are those of its characters the vocabulary has.
        var said = PhonemeWords.Match(runs, phonemes, [.. phonemized.Skip(1).Select(PhonemeWords.CodePoints)]);
        return (ids, said is null ? null : WordIds.Of(said, idOf, [.. idOf.Select(id => id + 1)]));
    }

    /// <summary>The phoneme string (before the vocabulary lookup).</summary>
    public static async Task<string> PhonemizeAsync(string text, string espeakVoice, char language, CancellationToken cancellationToken) =>
        (await PhonemizeEachAsync([text], espeakVoice, language, cancellationToken))[0];

    /// <summary>The phoneme string of each of <paramref name="texts"/>, from one call to espeak-ng.</summary>
    internal static async Task<string[]> PhonemizeEachAsync(
        IReadOnlyList<string> texts, string espeakVoice, char language, CancellationToken cancellationToken)
    {
        var sections = texts.Select(t => Split(Normalize(t))).ToList();
        var words = sections.SelectMany(s => s.Where(x => !x.Punctuation).Select(x => x.Text)).ToList();
        var spoken = words.Count == 0 ? [] : await EspeakLibrary.Shared.PhonemizeAsync(words, espeakVoice, cancellationToken);
        var phonemes = new string[texts.Count];
        var next = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var joined = new System.Text.StringBuilder();
            foreach (var (sectionText, punctuation) in sections[i])
            {
                joined.Append(punctuation ? sectionText : spoken[next++]);
            }

            phonemes[i] = Fix(joined.ToString(), language).Trim();
        }

        return phonemes;
    }

    /// <summary>kokoro.js's normalize_text, less its English number and money spelling (espeak-ng reads numbers itself).</summary>
    internal static string Normalize(string text)
    {
        var s = text.Replace('‘', '\'').Replace('’', '\'').Replace('«', '“').Replace('»', '”').Replace('“', '"').Replace('”', '"')
            .Replace('(', '«').Replace(')', '»')
            .Replace("、", ", ").Replace("。", ". ").Replace("！", "! ").Replace("，", ", ").Replace("：", ": ").Replace("；", "; ").Replace("？", "? ");
        s = OtherWhitespace().Replace(s, " ");
        s = Spaces().Replace(s, " ");
        s = Doctor().Replace(s, "Doctor");
        s = Mister().Replace(s, "Mister");
        s = Miss().Replace(s, "Miss");
        s = Missus().Replace(s, "Mrs");
        s = Etc().Replace(s, "etc");
        s = ThousandsComma().Replace(s, "");
        return s.Trim();
    }

    /// <summary>Runs of punctuation (with the spaces around them) kept as they are, and the text between them.</summary>
    internal static List<(string Text, bool Punctuation)> Split(string text)
    {
        var sections = new List<(string, bool)>();
        var previous = 0;
        foreach (Match match in PunctuationRun().Matches(text))
        {
            if (match.Index > previous)
            {
                sections.Add((text[previous..match.Index], false));
            }

            sections.Add((match.Value, true));
            previous = match.Index + match.Length;
        }

        if (previous < text.Length)
        {
            sections.Add((text[previous..], false));
        }

        return sections;
    }

    /// <summary>
    /// kokoro.js's fixes of espeak-ng's English output (its own name, sounds Kokoro's English voices never learned).
    /// Other languages keep espeak-ng's phonemes, as kokoro-onnx does; the vocabulary drops what the model lacks.
    /// </summary>
    internal static string Fix(string phonemes, char language)
    {
        if (language is not ('a' or 'b'))
        {
            return phonemes;
        }

        var s = phonemes.Replace("kəkˈoːɹoʊ", "kˈoʊkəɹoʊ").Replace("kəkˈɔːɹəʊ", "kˈəʊkəɹəʊ")
            .Replace('ʲ', 'j').Replace('r', 'ɹ').Replace('x', 'k').Replace('ɬ', 'l');
        s = BeforeHundred().Replace(s, " ");
        s = LoneZ().Replace(s, "z");
        return language == 'a' ? AmericanNinety().Replace(s, "di") : s;
    }

    private static string Unknown(string voiceName) => throw new TtsException(
        TtsErrorKind.NotFound,
        $"Kokoro voice '{voiceName}' does not start with a language letter (a, b, e, f, h, i, p); call ListVoices for the available voices.");

    [GeneratedRegex(@"(\s*[;:,.!?¡¿—…""«»“”(){}\[\]]+\s*)+")]
    private static partial Regex PunctuationRun();

    [GeneratedRegex(@"[^\S \n]")]
    private static partial Regex OtherWhitespace();

    [GeneratedRegex(@"  +")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\bD[Rr]\.(?= [A-Z])")]
    private static partial Regex Doctor();

    [GeneratedRegex(@"\b(?:Mr\.|MR\.(?= [A-Z]))")]
    private static partial Regex Mister();

    [GeneratedRegex(@"\b(?:Ms\.|MS\.(?= [A-Z]))")]
    private static partial Regex Miss();

    [GeneratedRegex(@"\b(?:Mrs\.|MRS\.(?= [A-Z]))")]
    private static partial Regex Missus();

    [GeneratedRegex(@"\betc\.(?! [A-Z])", RegexOptions.IgnoreCase)]
    private static partial Regex Etc();

    [GeneratedRegex(@"(?<=\d),(?=\d)")]
    private static partial Regex ThousandsComma();

    [GeneratedRegex(@"(?<=[a-zɹː])(?=hˈʌndɹɪd)")]
    private static partial Regex BeforeHundred();

    [GeneratedRegex(@" z(?=[;:,.!?¡¿—…""«»“” ]|$)")]
    private static partial Regex LoneZ();

    [GeneratedRegex(@"(?<=nˈaɪn)ti(?!ː)")]
    private static partial Regex AmericanNinety();
}
