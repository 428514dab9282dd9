using TtsGrpc.Core.Segmentation;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Load.Trace;

namespace TtsGrpc.Tests.Unit;

public sealed class TraceSentencesTests
{
    [Fact]
    public void First_TwentyThousand_AreDistinctSingleSegmentSentences()
    {
        var sentences = TraceSentences.First(20000);
        var cap = new SynthesisOptions().MaxSegmentChars;

        Assert.Equal(20000, sentences.Distinct(StringComparer.Ordinal).Count());
        Assert.All(sentences, s =>
        {
            Assert.Single(TextSegmenter.Split(s, cap));
            Assert.EndsWith(".", s, StringComparison.Ordinal);
            Assert.True(char.IsUpper(s[0]), s);
        });
    }

    [Fact]
    public void Sentence_SameIndex_IsTheSameOnEveryCall()
    {
        Assert.Equal(TraceSentences.First(50), TraceSentences.First(50));
        Assert.Equal(TraceSentences.Sentence(12345), TraceSentences.First(12346)[12345]);
    }

    [Fact]
    public void Sentence_NeighbouringIndexes_DifferInMoreThanOneWord()
    {
        for (var i = 0; i < 1000; i++)
        {
            var a = TraceSentences.Sentence(i).Split(' ');
            var b = TraceSentences.Sentence(i + 1).Split(' ');
            Assert.True(a.Zip(b).Count(p => p.First != p.Second) >= 2, $"{string.Join(' ', a)} / {string.Join(' ', b)}");
        }
    }

    [Fact]
    public void Sentence_OutsideTheGrid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceSentences.Sentence(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceSentences.Sentence(TraceSentences.Capacity));
    }
}
