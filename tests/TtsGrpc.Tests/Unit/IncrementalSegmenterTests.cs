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
}
