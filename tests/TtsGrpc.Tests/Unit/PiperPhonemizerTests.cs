using System.Diagnostics;
using System.Text;
using TtsGrpc.Core;
using TtsGrpc.Core.Engines.Espeak.Internal;
using TtsGrpc.Core.Engines.Piper;
using TtsGrpc.Core.Engines.Piper.Internal;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Unit;

public sealed class PiperPhonemizerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly PiperPhonemizer _phonemizer = new();

    private async Task<PhonemeIds> IdsAsync(string text, PiperVoiceConfig config) =>
        await _phonemizer.ToIdsAsync(text, config, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

    private Task<PhonemeIds> IdsAsync(string text, string voice = "en-us") => IdsAsync(text, PiperIdMap.Espeak(voice));

    [Fact]
    public async Task ToIdsAsync_Statement_IsBosPadThenPhonemesEachFollowedByPadThenEos()
    {
        var ids = (await IdsAsync("Hello world.")).Ids;

        Assert.Equal([PiperIdMap.Bos, PiperIdMap.Pad], ids[..2]);
        Assert.Equal([PiperIdMap.Period, PiperIdMap.Pad, PiperIdMap.Eos], ids[^3..]);
        Assert.Equal(1, ids.Length % 2);
        Assert.All(Enumerable.Range(0, ids.Length / 2), i => Assert.Equal(PiperIdMap.Pad, ids[(2 * i) + 1]));
    }

    [Fact]
    public async Task ToIdsAsync_Question_EndsWithTheQuestionId()
    {
        var ids = (await IdsAsync("Is it raining?")).Ids;

        Assert.Equal([PiperIdMap.Question, PiperIdMap.Pad, PiperIdMap.Eos], ids[^3..]);
    }

    [Fact]
    public async Task ToIdsAsync_Exclamation_EndsWithTheExclamationId()
    {
        var ids = (await IdsAsync("What a day!?")).Ids;

        Assert.Equal([PiperIdMap.Exclamation, PiperIdMap.Pad, PiperIdMap.Eos], ids[^3..]);
    }

    [Fact]
    public async Task ToIdsAsync_Comma_IsFollowedByASpaceInside()
    {
        var ids = (await IdsAsync("Hello, world.")).Ids;

        Assert.Equal(PiperIdMap.IdsOf(Ipa("həlˈoʊ, wˈɜːld.")), ids);
        Assert.Contains($"{PiperIdMap.Comma},{PiperIdMap.Pad},{PiperIdMap.Space},", string.Join(',', ids), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToIdsAsync_AbbreviationAndDecimal_HaveOnePeriodAtTheEnd()
    {
        var ids = (await IdsAsync("Dr. Smith paid 3.14 dollars.")).Ids;

        Assert.Single(ids, id => id == PiperIdMap.Period);
        Assert.Equal(PiperIdMap.Period, ids[^3]);
    }

    [Theory]
    [InlineData("First: second; third — fourth", ":;;")]
    [InlineData("\"Why?\" he asked.", "?.")]
    [InlineData("Wait... go on, please.", ",.")]
    [InlineData("One thousand is 1,000, not 10:30.", ",.")]
    public async Task ToIdsAsync_ClauseMarks_AppendPipersPunctuation(string text, string marks)
    {
        var ids = (await IdsAsync(text)).Ids;

        var punctuation = new Dictionary<long, char>
        {
            [PiperIdMap.Comma] = ',', [PiperIdMap.Colon] = ':', [PiperIdMap.Semicolon] = ';', [PiperIdMap.Question] = '?',
            [PiperIdMap.Period] = '.', [PiperIdMap.Exclamation] = '!',
        };
        Assert.Equal(marks, string.Concat(ids.Where(punctuation.ContainsKey).Select(id => punctuation[id])));
    }

    [Fact]
    public async Task ToIdsAsync_PhonemeTheMapLacks_IsSkippedAndCounted()
    {
        var idMap = PiperIdMap.Default();
        idMap.Remove('ə');
        var before = _phonemizer.SkippedPhonemes;

        var result = await IdsAsync("Hello world", PiperIdMap.Espeak("en-us", idMap));

        Assert.Equal(1, result.Skipped);
        Assert.Equal(before + 1, _phonemizer.SkippedPhonemes);
        Assert.Equal(PiperIdMap.IdsOf(Ipa("hlˈoʊ wˈɜːld")), result.Ids);
    }

    [Fact]
    public async Task ToIdsAsync_PhonemeMap_ReplacesPhonemesBeforeTheLookup()
    {
        var result = await IdsAsync("Hello world", PiperIdMap.Espeak("en-us", phonemeMap: new() { ['ə'] = ['a', 'a'] }));

        Assert.Equal(PiperIdMap.IdsOf(Ipa("haalˈoʊ wˈɜːld")), result.Ids);
        Assert.Equal(0, result.Skipped);
    }

    [Fact]
    public async Task ToIdsAsync_TextPhonemeType_IsTheCaseFoldedDecomposedText()
    {
        var result = await IdsAsync("Ça Va", PiperIdMap.Text());

        Assert.Equal(PiperIdMap.IdsOf("c\u0327a va"), result.Ids);
    }

    [Fact]
    public async Task ToIdsAsync_PrecomposedPhoneme_IsDecomposed()
    {
        var ids = (await IdsAsync("ich", "de")).Ids;

        Assert.Equal(PiperIdMap.IdsOf("ɪç"), ids); // espeak-ng writes ɪç; Piper reads c and a cedilla
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!")]
    public async Task ToIdsAsync_NoPhonemes_IsBosPadEos(string text)
    {
        var ids = (await IdsAsync(text)).Ids;

        Assert.Equal([PiperIdMap.Bos, PiperIdMap.Pad, PiperIdMap.Eos], ids);
    }

    [Fact]
    public async Task ToIdsAsync_LanguageName_FallsBackToTheVoiceForThatLanguage()
    {
        var viaLanguage = await IdsAsync("Bonjour le monde.", "fr-fr");
        var byName = await IdsAsync("Bonjour le monde.", "fr");

        Assert.Equal(byName.Ids, viaLanguage.Ids);
        Assert.Equal(PiperIdMap.IdsOf(Ipa(EspeakProgram("fr", "Bonjour le monde") + ".")), byName.Ids);
    }

    [Fact]
    public async Task ToIdsAsync_UnknownVoice_IsFailedPreconditionAndEspeakStillWorks()
    {
        var error = await Assert.ThrowsAsync<TtsException>(() => IdsAsync("Hello world", "xx-nope"));
        Assert.Equal(TtsErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("'xx-nope'", error.Message, StringComparison.Ordinal);

        var pcm = await EspeakLibrary.Shared.SynthesizeAsync("Hello world", "en-us", 175, 50, 50, TestContext.Current.CancellationToken)
            .WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Assert.NotEmpty(pcm.Pcm);
        await Assert.ThrowsAsync<TtsException>(() => IdsAsync("Hello world", "xx-nope"));
        Assert.Equal(PiperIdMap.IdsOf(Ipa("həlˈoʊ wˈɜːld")), (await IdsAsync("Hello world")).Ids);
    }

    [Theory]
    [InlineData("en-us", "Hello world")]
    [InlineData("fr", "I ate a croissant with Schadenfreude")]
    public async Task ToIdsAsync_Phonemes_AreTheEspeakProgramsIpaWithoutLanguageFlags(string voice, string text)
    {
        var ipa = EspeakProgram(voice, text);

        var ids = (await IdsAsync(text, voice)).Ids;

        Assert.Equal(PiperIdMap.IdsOf(WithoutFlags(Ipa(ipa))), ids);
    }

    [Fact]
    public async Task ToIdsAsync_ConcurrentCallsWithDifferentVoices_MatchSequentialCalls()
    {
        (string Voice, string Text)[] work =
        [
            ("en-us", "Hello, world. How are you?"), ("fr", "Bonjour, le monde!"), ("de", "Guten Tag, wie geht's?"),
            ("es", "Hola, ¿qué tal?"), ("en-gb", "Dr. Smith paid 3.14 dollars."), ("fr-fr", "Une phrase: courte; claire."),
        ];
        var sequential = new List<long[]>();
        foreach (var (voice, text) in work)
        {
            sequential.Add((await IdsAsync(text, voice)).Ids);
        }

        // espeak-ng synthesis in between selects its own voice on the same worker.
        var synthesis = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            EspeakLibrary.Shared.SynthesizeAsync("Guten Tag.", "de", 175, 50, 50, TestContext.Current.CancellationToken)));
        var rounds = Enumerable.Range(0, 8).SelectMany(_ => work.Select((w, i) => Task.Run(async () => (i, (await IdsAsync(w.Text, w.Voice)).Ids))));
        var concurrent = await Task.WhenAll(rounds).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var audio = await Task.WhenAll(synthesis).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.All(audio, clip => Assert.NotEmpty(clip.Pcm));

        Assert.All(concurrent, c => Assert.Equal(sequential[c.i], c.Ids));
    }

    private static string Ipa(string ipa) => CanonicalDecomposition.ToNfd(ipa);

    private static string WithoutFlags(string ipa)
    {
        var builder = new StringBuilder();
        var inFlag = false;
        foreach (var c in ipa)
        {
            if (inFlag)
            {
                inFlag = c != ')';
            }
            else if (c == '(')
            {
                inFlag = true;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    [Fact]
    public async Task ToTimedIdsAsync_TwoSentencesWithClauses_TheIdsOfToIdsAsyncAndEachWordItsPhonemesWithTheirPads()
    {
        const string text = "Hello there, friend. How are you?";

        var timed = await TimedAsync(text, PiperIdMap.Espeak("en-us"));

        Assert.Equal((await IdsAsync(text)).Ids, timed.Ids);
        Assert.NotNull(timed.Words);
        Assert.Equal(["Hello", "there", "friend", "How", "are", "you"], timed.Words.Select(w => text.Substring(w.Word.Start, w.Word.Length)));
        Assert.Equal(
            new[] { "həlˈoʊ", "ðˈɛɹ", "fɹˈɛnd", "hˈaʊ", "ɑːɹ", "juː" }.Select(p => PiperIdMap.IdsOf(p)[2..^1]),
            timed.Words.Select(w => timed.Ids[w.FirstId..w.EndId]));
    }

    [Fact]
    public async Task ToTimedIdsAsync_PhonemeWithTwoIdsAndOneWithNone_AWordsIdsAreAllOfItsKeptPhonemesIds()
    {
        var map = PiperIdMap.Default();
        map['ɛ'] = [61, 62];
        map.Remove('ɹ');

        var timed = await TimedAsync("There", PiperIdMap.Espeak("en-us", map));

        var word = Assert.Single(timed.Words!);
        Assert.Equal([PiperIdMap.IdsOf("ð")[2], 0, PiperIdMap.IdsOf("ˈ")[2], 0, 61, 62, 0], timed.Ids[word.FirstId..word.EndId]);
        Assert.Equal(1, timed.Skipped);
    }

    [Fact]
    public async Task ToTimedIdsAsync_TextPhonemes_EachWordItsOwnLetters()
    {
        var timed = await TimedAsync("Hi, you", PiperIdMap.Text());

        Assert.Equal([PiperIdMap.IdsOf("hi")[2..^1], PiperIdMap.IdsOf("you")[2..^1]], timed.Words!.Select(w => timed.Ids[w.FirstId..w.EndId]));
    }

    private async Task<PhonemeIds> TimedAsync(string text, PiperVoiceConfig config) =>
        await _phonemizer.ToTimedIdsAsync(text, config, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

    /// <summary>What the espeak-ng program prints for <paramref name="text"/> with --ipa, its clauses joined by a space.</summary>
    private static string EspeakProgram(string voice, string text)
    {
        var program = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "espeak-ng")).FirstOrDefault(File.Exists);
        Assert.SkipWhen(program is null, "the espeak-ng program is not on PATH");
        using var process = Process.Start(new ProcessStartInfo(program!, ["-q", "--ipa", "-v", voice, text])
        {
            RedirectStandardOutput = true,
            StandardOutputEncoding = Encoding.UTF8,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(Timeout), "espeak-ng did not finish");
        Assert.Equal(0, process.ExitCode);
        return string.Join(' ', output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
