using TtsGrpc.Core.Engines.Internal;

namespace TtsGrpc.Tests.Unit;

/// <summary>
/// How Kokoro and Piper match the words of their phoneme string to the words of the text (PhonemeWords): counts
/// from each whitespace run phonemized alone, pairs espeak-ng says as one word split only where exact, else no match.
/// </summary>
public sealed class KokoroPiperWordMatchTests
{
    [Fact]
    public void Of_PhonemeString_RunsBetweenSpacesWithoutTheirPunctuationAndNoneForPunctuationAlone()
    {
        var phonemes = PhonemeWords.CodePoints("həlˈoʊ, — wˈɜːld. jˈuː.ˈɛs.ˈeɪ.");

        var words = PhonemeWords.Of(phonemes).Select(s => Text(phonemes, s.Start, s.End));

        Assert.Equal(["həlˈoʊ", "wˈɜːld", "jˈuː.ˈɛs.ˈeɪ"], words);
    }

    [Fact]
    public void Runs_Text_EachWhitespaceRunWithItsWord()
    {
        const string text = " Hello, — (1990) U.S.A.";

        var runs = PhonemeWords.Runs(text);

        Assert.Equal(["Hello,", "—", "(1990)", "U.S.A."], runs.Select(r => r.Of(text)));
        Assert.Equal(["Hello", null, "1990", "U.S.A"], runs.Select(r => r.Word is { } w ? text.Substring(w.Start, w.Length) : null));
    }

    [Fact]
    public void Match_CountsAddUp_EachRunGetsItsPhonemeWordsInOrder()
    {
        const string text = "Hello, world: in 1990 — U.S.A.";
        const string phonemes = "həlˈoʊ, wˈɜːld: ɪn nˈaɪntiːn hˈʌndɹɪd nˈaɪnti — jˈuː.ˈɛs.ˈeɪ.";

        var said = Match(text, phonemes, "həlˈoʊ,", "wˈɜːld:", "ˈɪn", "nˈaɪntiːn hˈʌndɹɪd nˈaɪnti", "—", "jˈuː.ˈɛs.ˈeɪ.");

        Assert.Equal(
            [("Hello", "həlˈoʊ"), ("world", "wˈɜːld"), ("in", "ɪn"), ("1990", "nˈaɪntiːn hˈʌndɹɪd nˈaɪnti"), ("U.S.A", "jˈuː.ˈɛs.ˈeɪ")],
            said);
    }

    [Fact]
    public void Match_PairSaidAsOneWordExactlyTheirPhonemes_SplitBetweenThem()
    {
        var said = Match("one of the best", "wˈʌn ʌvðə bˈɛst", "wˈʌn", "ˈʌv", "ðˈə", "bˈɛst");

        Assert.Equal([("one", "wˈʌn"), ("of", "ʌv"), ("the", "ðə"), ("best", "bˈɛst")], said);
    }

    [Theory]
    [InlineData("for the win", "fɚðə wˈɪn", "fɚ", "ðə")] // "the" at the end, as alone
    [InlineData("was a win", "wʌzˈɐ wˈɪn", "wʌz", "ˈɐ")] // "was" at the start; the stress mark at the cut starts the next piece
    public void Match_PairSaidAsOneWordWithOnePartExact_SplitThere(string text, string phonemes, string first, string second)
    {
        var words = text.Split(' ');
        var said = Match(text, phonemes, words[0] == "for" ? "fˈɔːɹ" : "wˈʌz", words[1] == "the" ? "ðˈə" : "ˈeɪ", "wˈɪn");

        Assert.Equal([(words[0], first), (words[1], second), ("win", "wˈɪn")], said);
    }

    [Fact]
    public void Match_PairSaidAsOneWordWithNeitherPartExact_NoMatch() =>
        Assert.Null(PhonemeWords.Match(
            PhonemeWords.Runs("to be or"), PhonemeWords.CodePoints("təbi ɔːɹ"), [.. new[] { "tˈuː", "bˈiː", "ˈɔːɹ" }.Select(PhonemeWords.CodePoints)]));

    [Fact]
    public void Match_MorePhonemeWordsThanTheRunsMake_NoMatch() =>
        Assert.Null(PhonemeWords.Match(
            PhonemeWords.Runs("1990 was"), PhonemeWords.CodePoints("nˈaɪntiːn hˈʌndɹɪd nˈaɪnti wʌz"),
            [.. new[] { "nˈaɪntiːnhˈʌndɹɪd nˈaɪnti", "wˈʌz" }.Select(PhonemeWords.CodePoints)]));

    [Fact]
    public void Match_FewerPhonemeWordsAndNoPairExact_NoMatchRatherThanAGuess() =>
        Assert.Null(PhonemeWords.Match(
            PhonemeWords.Runs("a b c"), PhonemeWords.CodePoints("ˈeɪ sˈiː"),
            [.. new[] { "ˈeɪ", "bˈiː", "sˈiː" }.Select(PhonemeWords.CodePoints)]));

    [Fact]
    public void Match_TwoPairsEitherOfWhichCouldBeTheOneSaidAsOneWord_NoMatch()
    {
        // Three runs said "ab" alone, two words "abab" together: the first two or the last two were joined.
        var runs = PhonemeWords.Runs("ab ab ab");
        var alone = new[] { "ab", "ab", "ab" }.Select(PhonemeWords.CodePoints).ToList();

        Assert.Null(PhonemeWords.Match(runs, PhonemeWords.CodePoints("abab abab"), alone));
        Assert.NotNull(PhonemeWords.Match(runs, PhonemeWords.CodePoints("abab ab"), alone));
    }

    [Fact]
    public void Match_RunThatIsNoWordButSaysSomething_TakesItsPhonemesAndIsNotTimed()
    {
        var said = Match("Tom & Jerry", "tˈɑːm ænd dʒˈɛɹi", "tˈɑːm", "ˈænd", "dʒˈɛɹi");

        Assert.Equal([("Tom", "tˈɑːm"), ("Jerry", "dʒˈɛɹi")], said);
    }

    [Fact]
    public void Match_RunThatSaysNothing_LeftOut()
    {
        var said = Match("hello ☃ there", "həlˈoʊ ðˈɛɹ", "həlˈoʊ", "", "ðˈɛɹ");

        Assert.Equal([("hello", "həlˈoʊ"), ("there", "ðˈɛɹ")], said);
    }

    private static List<(string Word, string Phonemes)>? Match(string text, string phonemes, params string[] alone)
    {
        var points = PhonemeWords.CodePoints(phonemes);
        var said = PhonemeWords.Match(PhonemeWords.Runs(text), points, [.. alone.Select(PhonemeWords.CodePoints)]);
        return said?.Select(s => (text.Substring(s.Word.Start, s.Word.Length), Text(points, s.Start, s.End))).ToList();
    }

    private static string Text(int[] points, int start, int end) => string.Concat(points[start..end].Select(char.ConvertFromUtf32));
}
