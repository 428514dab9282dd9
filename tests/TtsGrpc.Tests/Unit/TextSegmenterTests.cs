using CsCheck;
using TtsGrpc.Core.Segmentation;

namespace TtsGrpc.Tests.Unit;

public sealed class TextSegmenterTests
{
    private static List<string> Split(string text, int cap = 300) => [.. TextSegmenter.Split(text, cap).Select(s => s.Text)];

    [Fact]
    public void Split_TwoSentences_SplitsAfterTheTerminatorKeepingTheSpace() =>
        Assert.Equal(["Hello there. ", "How are you?"], Split("Hello there. How are you?"));

    [Theory]
    [InlineData("Mr. Smith met Dr. Jones at 5 p.m. on Main St. yesterday.")]
    [InlineData("Pi is about 3.14159 and e is 2.71828.")]
    [InlineData("J. R. R. Tolkien wrote it.")]
    [InlineData("Bring fruit, e.g. apples or pears.")]
    [InlineData("Version 1.2.3 shipped.")]
    public void Split_AbbreviationsDecimalsAndInitials_StayInOneSentence(string text) =>
        Assert.Equal([text], Split(text));

    [Fact]
    public void Split_QuotesAndBrackets_StayWithTheirSentence() =>
        Assert.Equal(["He said \"Stop!\" ", "(Nobody did.) ", "Then what?!"], Split("He said \"Stop!\" (Nobody did.) Then what?!"));

    [Fact]
    public void Split_BlankLine_EndsASegmentEvenWithoutPunctuation() =>
        Assert.Equal(["Title\n\n", "Body text"], Split("Title\n\nBody text"));

    [Fact]
    public void Split_Ellipsis_EndsASentence() =>
        Assert.Equal(["Wait... ", "Go on."], Split("Wait... Go on."));

    [Fact]
    public void Split_LongSentence_IsCutAtAClauseBreakUnderTheCap()
    {
        var text = string.Join(", ", Enumerable.Repeat("one more clause here", 30)) + ".";

        var segments = Split(text, 100);

        Assert.All(segments, s => Assert.InRange(s.Length, 1, 100));
        Assert.All(segments[..^1], s => Assert.EndsWith(", ", s, StringComparison.Ordinal));
        Assert.Equal(text, string.Concat(segments));
    }

    [Fact]
    public void Split_WordLongerThanTheCap_IsCutAtTheCap()
    {
        var text = new string('x', 250);

        Assert.Equal([100, 100, 50], Split(text, 100).Select(s => s.Length));
    }

    [Fact]
    public void Split_CutAtASpace_KeepsTheWhitespaceWithTheSegmentBefore() =>
        Assert.Equal(
            ["!worldworld?! xworldHelloworld???Dr.Yesx ", "Dr.?.? Dr.?\n\n", "x\"Yes3.5HelloworldYes.world\"Dr."],
            Split("!worldworld?! xworldHelloworld???Dr.Yesx Dr.?.? Dr.?\n\nx\"Yes3.5HelloworldYes.world\"Dr.", 40));

    [Fact]
    public void Split_WhitespaceAroundTheWords_DoesNotCountTowardTheCap() =>
        Assert.Equal(["  \n" + new string('x', 16) + "   \t "], Split("  \n" + new string('x', 16) + "   \t ", 16));

    [Fact]
    public void Split_WhitespaceOnly_IsOneSegmentWithNothingToSay()
    {
        var segment = Assert.Single(TextSegmenter.Split(" \n\n \t", 16));

        Assert.Equal((" \n\n \t", ""), (segment.Text, segment.SpeakText));
    }

    [Fact]
    public void Split_LeadingWhitespace_JoinsTheFirstSegment() =>
        Assert.Equal(["  \n Hi. ", "Bye."], Split("  \n Hi. Bye."));

    [Fact]
    public void Normalize_CollapsesWhitespaceAndControlCharacters() =>
        Assert.Equal("a b c", TextSegmenter.Normalize(" a\t\u0001 b\n\nc  "));

    [Fact]
    public void Split_AnyText_ConcatenatesBackToTheInputWithinTheCapAndNoBlankSegment()
    {
        string[] words = ["Hello", "world", ".", "!", "?", " ", "\n", "\n\n", "Dr.", "3.5", "\"", "…", "é", "日本", ",", "x"];
        var texts = Gen.Int[0, words.Length - 1].Select(i => words[i]).Array[1, 80].Select(string.Concat);
        var caps = Gen.Int[16, 120];

        Gen.Select(texts, caps).Sample((text, cap) =>
        {
            var segments = TextSegmenter.Split(text, cap);
            Assert.Equal(text, string.Concat(segments.Select(s => s.Text)));
            Assert.All(segments, s => Assert.InRange(s.Text.Trim().Length, 0, cap));
            Assert.All(segments, s => Assert.InRange(s.SpeakText.Length, 0, cap));
            Assert.All(segments, s => Assert.Equal(text.Substring(s.Start, s.Text.Length), s.Text));
            Assert.Equal(Enumerable.Range(0, segments.Count), segments.Select(s => s.Index));
            if (!string.IsNullOrWhiteSpace(text))
            {
                Assert.All(segments, s => Assert.False(string.IsNullOrWhiteSpace(s.Text), $"blank segment in '{text}'"));
            }
        });
    }

    [Fact]
    public void Split_AnyText_TilesItAndKeepsWhatIsSpokenWithinTheCap()
    {
        int[] caps = [16, 40, 300];
        Gen.Select(SegmenterTexts.Any, Gen.Int[0, caps.Length - 1].Select(i => caps[i])).Sample((text, cap) =>
        {
            var segments = TextSegmenter.Split(text, cap);

            Assert.Equal(text, string.Concat(segments.Select(s => s.Text)));
            Assert.Equal(Enumerable.Range(0, segments.Count), segments.Select(s => s.Index));
            var offset = 0;
            foreach (var segment in segments)
            {
                Assert.Equal(offset, segment.Start);
                offset += segment.Text.Length;
            }

            Assert.All(segments, s => Assert.Equal(TextSegmenter.Normalize(s.Text), s.SpeakText));
            Assert.All(segments, s => Assert.True(s.SpeakText.Length <= cap, $"'{s.SpeakText}' is {s.SpeakText.Length} long"));
            Assert.All(segments, s => Assert.InRange(s.Text.Trim().Length, 0, cap));
        }, iter: 1000);
    }

    [Fact]
    public void Split_AnyUnicodeText_LosesReordersAndSplitsNothing()
    {
        // Any code point (surrogate pairs, controls, RTL, CJK, emoji, U+FFFD) mixed with sentence marks and
        // spaces, so sentence breaks and the hard cap both happen. Text from the wire is always valid
        // UTF-16 (the protobuf parser refuses anything else), so lone surrogates are left out.
        var codePoint = Gen.Int[0, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32);
        string[] markList = [". ", "! ", "? ", " ", "\n\n", "…", "\u0000", "3.5", "Dr. "];
        var marks = Gen.Int[0, markList.Length - 1].Select(i => markList[i]);
        var texts = Gen.Frequency((3, codePoint), (1, marks)).Array[0, 200].Select(string.Concat);

        Gen.Select(texts, Gen.Int[16, 64]).Sample((text, cap) =>
        {
            var segments = TextSegmenter.Split(text, cap);

            Assert.Equal(text, string.Concat(segments.Select(s => s.Text)));
            Assert.All(segments, s => Assert.Equal(text.Substring(s.Start, s.Text.Length), s.Text));
            Assert.All(segments, s => Assert.False(
                char.IsLowSurrogate(s.Text[0]) || char.IsHighSurrogate(s.Text[^1]), $"a surrogate pair was cut at {s.Start}"));
            Assert.All(segments, s => Assert.DoesNotContain('\uFFFD', s.SpeakText));
        });
    }

    [Theory]
    [InlineData("Hello world.")]
    [InlineData("  Leading\tand \r\n  runs  of   space.  ")]
    [InlineData("\u0007Bell, then 😀 emoji.")]
    public void SpeakTextMap_EveryCharacterMapsBackToItsPlaceInTheText(string text)
    {
        var speak = TextSegmenter.Normalize(text);

        var map = TextSegmenter.SpeakTextMap(text, speak);

        Assert.NotNull(map);
        for (var i = 0; i < speak.Length; i++)
        {
            Assert.Equal(speak[i] == ' ', TextSegmenter.IsSilent(text[map[i]]));
            if (speak[i] != ' ')
            {
                Assert.Equal(speak[i], text[map[i]]);
            }
        }
    }

    [Fact]
    public void SpeakTextMap_TextThatDoesNotNormalizeToIt_Null() =>
        Assert.Null(TextSegmenter.SpeakTextMap("Hello world.", "Hello there."));
}
