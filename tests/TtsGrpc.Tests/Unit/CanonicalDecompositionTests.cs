using TtsGrpc.Core.Engines.Piper.Internal;

namespace TtsGrpc.Tests.Unit;

public sealed class CanonicalDecompositionTests
{
    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("\u00E7a", "c\u0327a")] // ça
    [InlineData("\u1EC7", "e\u0323\u0302")] // ệ: dot below (220) before circumflex (230)
    [InlineData("e\u0302\u0323", "e\u0323\u0302")] // marks out of canonical order are sorted
    [InlineData("\u01D5", "U\u0308\u0304")] // Ǖ decomposes in two steps
    [InlineData("\uD55C", "\u1112\u1161\u11AB")] // 한, by the Hangul formula
    [InlineData("\u0958", "\u0915\u093C")] // क़
    [InlineData("\U0001D15E", "\U0001D157\U0001D165")] // a supplementary-plane decomposition
    [InlineData("\u212B", "A\u030A")] // Ångström sign, a singleton
    public void ToNfd_Text_IsUnicodeNfd(string text, string expected) =>
        Assert.Equal(expected, CanonicalDecomposition.ToNfd(text));
}
