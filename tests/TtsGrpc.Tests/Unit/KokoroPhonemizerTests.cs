using TtsGrpc.Core;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Unit;

/// <summary>Kokoro's text-to-ids path: espeak-ng IPA, kokoro.js's clean-ups, Kokoro-82M's real vocabulary.</summary>
public sealed class KokoroPhonemizerTests
{
    private static readonly KokoroVocabulary Vocabulary = KokoroVocabulary.Parse(KokoroConfigJson.Text);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Parse_Kokoro82MConfig_HasItsHundredAndFourteenCharacters() => Assert.Equal(114, Vocabulary.Count);

    [Fact]
    public async Task PhonemizeAsync_EnglishSentence_KeepsPunctuationAndFixesKokorosOwnName()
    {
        var phonemes = await KokoroPhonemizer.PhonemizeAsync("Hello world, this is Kokoro!", "en-us", 'a', Token);

        Assert.Equal("həlˈoʊ wˈɜːld, ðɪs ɪz kˈoʊkəɹoʊ!", phonemes);
    }

    [Fact]
    public async Task ToIdsAsync_Sentence_EveryIdFromTheVocabularyAndPunctuationIdsWhereThePunctuationIs()
    {
        var phonemizer = new KokoroPhonemizer();

        var ids = await phonemizer.ToIdsAsync("Is it here? Yes.", "af_heart", Vocabulary, Token);

        Assert.All(ids, id => Assert.InRange(id, 1, 177));
        Assert.Equal(4, ids[^1]); // '.'
        Assert.Contains(6L, ids); // '?'
        Assert.Contains(16L, ids); // space
        Assert.Equal(0, phonemizer.DroppedCharacters);
    }

    [Fact]
    public void ToIds_CharacterOutsideTheVocabulary_DroppedAndCounted()
    {
        var ids = Vocabulary.ToIds("a☃b", out var dropped);

        Assert.Equal(2, ids.Length);
        Assert.Equal(1, dropped);
    }

    [Theory]
    [InlineData("af_heart", "en-us")]
    [InlineData("bf_emma", "en-gb")]
    [InlineData("ef_dora", "es")]
    [InlineData("ff_siwis", "fr-fr")]
    [InlineData("hf_alpha", "hi")]
    [InlineData("if_sara", "it")]
    [InlineData("pf_dora", "pt-br")]
    public void EspeakVoiceFor_LanguageLetter_ThatLanguage(string voice, string espeak) =>
        Assert.Equal(espeak, KokoroPhonemizer.EspeakVoiceFor(voice));

    [Theory]
    [InlineData("jf_alpha", "Japanese")]
    [InlineData("zf_xiaobei", "Mandarin")]
    public void EspeakVoiceFor_JapaneseOrMandarin_FailedPreconditionSayingWhy(string voice, string language)
    {
        var refused = Assert.Throws<TtsException>(() => KokoroPhonemizer.EspeakVoiceFor(voice));

        Assert.Equal(TtsErrorKind.FailedPrecondition, refused.Kind);
        Assert.Contains(language, refused.Message, StringComparison.Ordinal);
        Assert.Contains("misaki", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhonemizeAsync_French_KeepsEspeaksPhonemes()
    {
        var phonemes = await KokoroPhonemizer.PhonemizeAsync("Bonjour, le monde.", "fr-fr", 'f', Token);

        Assert.Contains("ʁ", phonemes, StringComparison.Ordinal); // the English fix r → ɹ is not applied
        Assert.EndsWith(".", phonemes, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_TitlesQuotesAndFullWidthPunctuation_AsKokoroJsDoes() =>
        Assert.Equal("Doctor Smith said \"hi\", then left.", KokoroPhonemizer.Normalize("Dr. Smith said “hi”，then left."));

    [Fact]
    public async Task ToTimedIdsAsync_SentenceWithANumberAndAnAbbreviation_TheIdsOfToIdsAsyncAndEachWordItsOwn()
    {
        const string text = "Hello, world: in 1990 the U.S.A. grew.";
        var phonemizer = new KokoroPhonemizer();

        var (ids, words) = await phonemizer.ToTimedIdsAsync(text, "af_heart", Vocabulary, Token);

        Assert.Equal(await phonemizer.ToIdsAsync(text, "af_heart", Vocabulary, Token), ids);
        Assert.NotNull(words);
        Assert.Equal(["Hello", "world", "in", "1990", "the", "U.S.A", "grew"], words.Select(w => text.Substring(w.Word.Start, w.Word.Length)));
        Assert.Equal(
            ["həlˈoʊ", "wˈɜːld", "ɪn", "nˈaɪntiːn hˈʌndɹɪd nˈaɪndi", "ðə", "jˈuː.ˈɛs.ˈeɪ", "ɡɹˈuː"],
            words.Select(w => Phonemes(ids[w.FirstId..w.EndId])));
    }

    [Fact]
    public async Task ToTimedIdsAsync_PairEspeakSaysAsOneWord_SplitWhereEachWordsPhonemesAre()
    {
        var (ids, words) = await new KokoroPhonemizer().ToTimedIdsAsync("One of the best.", "af_heart", Vocabulary, Token);

        Assert.NotNull(words);
        Assert.Equal(["wˈʌn", "ʌv", "ðə", "bˈɛst"], words.Select(w => Phonemes(ids[w.FirstId..w.EndId])));
    }

    [Fact]
    public async Task ToTimedIdsAsync_CharactersTheVocabularyLacks_EachWordsIdsAreOfItsCharactersKept()
    {
        // Kokoro-82M's vocabulary without the stress marks: they are dropped, and the ids after them move up.
        var vocabulary = KokoroVocabulary.Parse(KokoroConfigJson.Text.Replace(@", ""ˈ"": 156, ""ˌ"": 157", "", StringComparison.Ordinal));
        var phonemizer = new KokoroPhonemizer();

        var (ids, words) = await phonemizer.ToTimedIdsAsync("Hello world, again.", "af_heart", vocabulary, Token);

        Assert.NotNull(words);
        Assert.Equal(["həloʊ", "wɜːld", "ɐɡɛn"], words.Select(w => Phonemes(ids[w.FirstId..w.EndId])));
        Assert.True(phonemizer.DroppedCharacters >= 3);
    }

    /// <summary>The characters of Kokoro-82M's ids.</summary>
    private static string Phonemes(IEnumerable<long> ids)
    {
        using var config = System.Text.Json.JsonDocument.Parse(KokoroConfigJson.Text);
        var characters = config.RootElement.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Value.GetInt64(), p => p.Name);
        return string.Concat(ids.Select(id => characters[id]));
    }
}
