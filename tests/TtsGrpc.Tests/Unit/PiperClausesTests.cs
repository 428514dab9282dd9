using TtsGrpc.Core.Engines.Piper.Internal;

namespace TtsGrpc.Tests.Unit;

public sealed class PiperClausesTests
{
    private static string Describe(string text) =>
        string.Join(" | ", PiperClauses.Split(text).Select(c => $"{c.Text.Trim()}[{c.Ending}]"));

    [Theory]
    [InlineData("Hello, world.", "Hello,[, ] | world.[.]")]
    [InlineData("Dr. Smith paid 3.14 dollars.", "Dr. Smith paid 3.14 dollars.[.]")]
    [InlineData("Bring fruit, e.g. apples.", "Bring fruit,[, ] | e.g. apples.[.]")]
    [InlineData("J. R. R. Tolkien wrote it", "J. R. R. Tolkien wrote it[]")]
    [InlineData("\"Why?\" he asked.", "\"Why?\"[?] | he asked.[.]")]
    [InlineData("He said \"Stop!\" (Nobody did.) Then what?!", "He said \"Stop!\"[!] | (Nobody did.)[.] | Then what?![?]")]
    [InlineData("Wait... Go on.", "Wait...[] | Go on.[.]")]
    [InlineData("Time: 10:30; cost 1,000 — fine", "Time:[: ] | 10:30;[; ] | cost 1,000 —[; ] | fine[]")]
    [InlineData("Smile :-) and, well…", "Smile :-) and,[, ] | well…[]")]
    [InlineData(", hello", ", hello[]")]
    [InlineData("Title\n\nBody text", "Title[] | Body text[]")]
    public void Split_Segment_FindsPipersClauseEndings(string text, string expected) =>
        Assert.Equal(expected, Describe(text));

    [Fact]
    public void Split_Clauses_TileTheText()
    {
        const string text = "  \"Why?\" he asked, twice.  Then: nothing!  ";

        Assert.Equal(text, string.Concat(PiperClauses.Split(text).Select(c => c.Text)));
    }
}
