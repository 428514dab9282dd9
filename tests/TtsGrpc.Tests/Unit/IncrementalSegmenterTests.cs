using CsCheck;
using TtsGrpc.Core.Segmentation;

namespace TtsGrpc.Tests.Unit;

public sealed class IncrementalSegmenterTests
{
    [Fact]
    public void Append_WordByWord_ReleasesASentenceOnceTheNextOneStarts()
    {
        var segmenter = new IncrementalSegmenter(300);

        Assert.Empty(segmenter.Append("Hello"));
        Assert.Empty(segmenter.Append(" there."));
        Assert.Empty(segmenter.Append(" "));
        var released = segmenter.Append("How");

        Assert.Equal("Hello there. ", Assert.Single(released).Text);
        Assert.Equal("How", Assert.Single(segmenter.Flush()).Text);
    }

    [Fact]
    public void Append_DecimalSplitAcrossPieces_IsNotCut()
    {
        var segmenter = new IncrementalSegmenter(300);

        Assert.Empty(segmenter.Append("It costs 3."));
        Assert.Empty(segmenter.Append("50 today"));

        Assert.Equal("It costs 3.50 today", Assert.Single(segmenter.Flush()).Text);
    }

    [Fact]
    public void Append_BlankLineSplitAcrossPieces_WaitsForTheSecondNewline()
    {
        var segmenter = new IncrementalSegmenter(300);

        Assert.Empty(segmenter.Append("Title\n"));
        Assert.Empty(segmenter.Append("\n"));
        Assert.Equal("Title\n\n", Assert.Single(segmenter.Append("Body")).Text);
    }

    [Fact]
    public void Append_CutBeforeWhitespace_WaitsForTheWhitespaceToEnd()
    {
        // The words fill the cap of 20 exactly; the cut takes the whitespace after them, however long.
        var segmenter = new IncrementalSegmenter(20);

        Assert.Empty(segmenter.Append("aaaa bbbb cccc ddddd"));
        Assert.Empty(segmenter.Append("   "));
        Assert.Equal("aaaa bbbb cccc ddddd   ", Assert.Single(segmenter.Append("e")).Text);
    }

    [Theory]
    // Found by CsCheck (seed by2byPYzgii7, pieces of 3, cap 40) when the segmenter re-split the pending
    // text: it released "Dr.?.? Dr.?\n\n" where Split made two segments.
    [InlineData("!worldworld?! xworldHelloworld???Dr.Yesx Dr.?.? Dr.?\n\nx\"Yes3.5HelloworldYes.world\"Dr.", 3, 40)]
    [InlineData("Mr. Smith met Dr. Jones at 5 p.m. on Main St. yesterday. Then he left.\n\nThe end", 1, 300)]
    [InlineData("one more clause here, one more clause here, one more clause here, and a last one.", 2, 40)]
    public void Append_TextInPieces_ReleasesTheSegmentsOfSplit(string text, int piece, int cap) =>
        Assert.Equal(Describe(TextSegmenter.Split(text, cap)), Describe(Stream(text, [piece], cap)));

    [Fact]
    public void AnyTextInAnyPieces_ReleasesTheSegmentsOfTheWholeText() =>
        // Random piece lengths, taken in turn until the text runs out.
        Gen.Select(SegmenterTexts.Any, Gen.Int[1, 16].Array[1, 30]).Sample(StreamedEqualsSplit, iter: 1000);

    [Fact]
    public void AnyTextInAnyPieces_SeedThatFailedBefore_ReleasesTheSegmentsOfTheWholeText() =>
        // This seed failed against the segmenter that re-split its pending text; it stays a fixed case.
        Gen.Select(SegmenterTexts.Any, Gen.Int[1, 16].Array[1, 30]).Sample(StreamedEqualsSplit, seed: "5Qw6sIySIAQ1");

    private static void StreamedEqualsSplit(string text, int[] pieces)
    {
        foreach (var cap in (int[])[40, 300])
        {
            var whole = Describe(TextSegmenter.Split(text, cap));
            var streamed = Describe(Stream(text, pieces, cap));
            if (!whole.SequenceEqual(streamed))
            {
                // The message shows the case; CsCheck adds the seed that reproduces it.
                Assert.Fail($"cap {cap}, pieces [{string.Join(',', pieces)}]:\n  Split:    {string.Join(" | ", whole)}\n  streamed: {string.Join(" | ", streamed)}");
            }
        }
    }

    [Fact]
    public void Append_LongTextOneCharacterAtATime_ReleasesTheSegmentsOfTheWholeText()
    {
        // 100,000 characters is the default MaxTextLength of a stream (one pass over it, not one per piece).
        var text = string.Concat(Enumerable.Repeat("Word word, Dr. x 3.5 and then some more words\n", 2200))[..100_000];
        var segmenter = new IncrementalSegmenter(300);

        var released = 0;
        foreach (var c in text)
        {
            released += segmenter.Append(c.ToString()).Count;
        }

        released += segmenter.Flush().Count;

        Assert.Equal(TextSegmenter.Split(text, 300).Count, released);
    }

    [Fact]
    public void AnyPiecesWithFlushes_ReleaseTheTextInOrderAndKeepOnlyTrailingWhitespace()
    {
        string[] words = ["Hello", "world", ".", "!", " ", "\n\n", "Dr.", "3.5", "日本", "👋", "\u0001", "x"];
        var pieces = Gen.Select(Gen.Int[0, words.Length - 1].Select(i => words[i]).Array[0, 4].Select(string.Concat), Gen.Bool).Array[1, 40];

        pieces.Sample(stream =>
        {
            var segmenter = new IncrementalSegmenter(24);
            var released = new List<TextSegment>();
            foreach (var (piece, flush) in stream)
            {
                released.AddRange(segmenter.Append(piece));
                if (flush)
                {
                    released.AddRange(segmenter.Flush());
                }
            }

            released.AddRange(segmenter.Flush());
            var text = string.Concat(stream.Select(p => p.Item1));
            var spoken = string.Concat(released.Select(s => s.Text));
            Assert.StartsWith(spoken, text, StringComparison.Ordinal);
            Assert.True(string.IsNullOrWhiteSpace(text[spoken.Length..]), $"'{text[spoken.Length..]}' was never released");
            Assert.Equal(Enumerable.Range(0, released.Count), released.Select(s => s.Index));
            Assert.All(released, s => Assert.Equal(text.Substring(s.Start, s.Text.Length), s.Text));
            Assert.All(released.Skip(1), s => Assert.False(string.IsNullOrWhiteSpace(s.Text), $"blank segment at {s.Start}"));
        });
    }

    private static List<TextSegment> Stream(string text, int[] sizes, int cap)
    {
        var segmenter = new IncrementalSegmenter(cap);
        var released = new List<TextSegment>();
        for (int i = 0, k = 0; i < text.Length; k++)
        {
            var length = Math.Min(sizes[k % sizes.Length], text.Length - i);
            released.AddRange(segmenter.Append(text.Substring(i, length)));
            i += length;
        }

        released.AddRange(segmenter.Flush());
        return released;
    }

    private static List<string> Describe(IEnumerable<TextSegment> segments) =>
        [.. segments.Select(s => $"#{s.Index}@{s.Start} {Escape(s.Text)} -> {Escape(s.SpeakText)}")];

    private static string Escape(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
