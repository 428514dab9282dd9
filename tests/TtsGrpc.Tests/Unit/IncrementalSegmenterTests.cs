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
    public void AnyTextInAnyPieces_ReleasesTheSegmentsOfTheWholeText()
    {
        string[] words = ["Hello", "world", ".", "!", "?", " ", "\n\n", "Dr.", "3.5", "\"", "x", "Yes"];
        var texts = Gen.Int[0, words.Length - 1].Select(i => words[i]).Array[1, 60].Select(string.Concat);

        Gen.Select(texts, Gen.Int[1, 7]).Sample((text, piece) =>
        {
            var segmenter = new IncrementalSegmenter(40);
            var released = new List<TextSegment>();
            for (var i = 0; i < text.Length; i += piece)
            {
                released.AddRange(segmenter.Append(text.Substring(i, Math.Min(piece, text.Length - i))));
            }

            released.AddRange(segmenter.Flush());
            var whole = TextSegmenter.Split(text, 40);
            Assert.Equal(whole.Select(s => (s.Index, s.Start, s.Text)), released.Select(s => (s.Index, s.Start, s.Text)));
        });
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
        });
    }
}
