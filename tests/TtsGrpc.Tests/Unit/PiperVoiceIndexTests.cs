using System.Text;
using TtsGrpc.Core.Engines.Piper.Internal;

namespace TtsGrpc.Tests.Unit;

public sealed class PiperVoiceIndexTests
{
    private const string Md5 = "0123456789abcdef0123456789ABCDEF";

    private static readonly string Index = $$"""
        {
          "en_US-lessac-medium": {
            "key": "en_US-lessac-medium",
            "files": {
              "en/en_US/lessac/medium/en_US-lessac-medium.onnx": { "size_bytes": 63201294, "md5_digest": "{{Md5}}" },
              "en/en_US/lessac/medium/en_US-lessac-medium.onnx.json": { "size_bytes": 4885, "md5_digest": "{{Md5}}" },
              "en/en_US/lessac/medium/MODEL_CARD": { "size_bytes": 281, "md5_digest": "not read" }
            },
            "aliases": ["en-us-lessac-medium"]
          },
          "en_US-lessac-high": { "files": {}, "aliases": [] },
          "en_US-amy-low": { "files": { "../../../etc/en_US-amy-low.onnx": { "size_bytes": 1, "md5_digest": "{{Md5}}" } } },
          "de_DE-thorsten-medium": "not an entry"
        }
        """;

    [Fact]
    public void Find_Key_ReadsTheModelAndItsConfig()
    {
        var lookup = Find("en_US-lessac-medium");

        var voice = Assert.IsType<PiperVoiceIndex.IndexedVoice>(lookup.Voice);
        Assert.Equal("en_US-lessac-medium", voice.Stem);
        Assert.Equal(new PiperVoiceIndex.IndexedFile("en/en_US/lessac/medium/en_US-lessac-medium.onnx", "en_US-lessac-medium.onnx", 63201294, Md5.ToLowerInvariant()), voice.Model);
        Assert.Equal("en_US-lessac-medium.onnx.json", voice.Config.Name);
        Assert.Equal(4885, voice.Config.Size);
        Assert.Equal(4, lookup.Count);
    }

    [Fact]
    public void Find_Alias_ReturnsTheVoiceOfItsKey()
    {
        Assert.Equal("en_US-lessac-medium", Find("en-us-lessac-medium").Voice?.Key);
    }

    [Theory]
    [InlineData("EN_US-LESSAC-MEDIUM", "en_US-lessac-medium")]
    [InlineData("en_US-lessac-medum", "en_US-lessac-medium")]
    [InlineData("lessac", "en_US-lessac-high")]
    public void Find_NoSuchKey_NamesCloseMatches(string name, string close)
    {
        var lookup = Find(name);

        Assert.Null(lookup.Voice);
        Assert.Contains(close, lookup.CloseMatches);
    }

    [Fact]
    public void Find_NothingClose_NoMatches()
    {
        Assert.Empty(Find("zz_ZZ-nobody-x_low").CloseMatches);
    }

    [Theory]
    [InlineData("en_US-lessac-high", "lists 0 .onnx files")]
    [InlineData("en_US-amy-low", "not a plain relative path")]
    [InlineData("de_DE-thorsten-medium", "has no \"files\" object")]
    public void Find_EntryThatIsNoVoice_FormatExceptionSayingWhy(string key, string reason)
    {
        var failure = Assert.Throws<FormatException>(() => Find(key));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{ \"a\": ", "not valid JSON")]
    public void Find_IndexThatIsNoIndex_FormatException(string json, string reason)
    {
        var failure = Assert.Throws<FormatException>(() => PiperVoiceIndex.Find(Encoding.UTF8.GetBytes(json), "a"));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    private static PiperVoiceIndex.Lookup Find(string name) => PiperVoiceIndex.Find(Encoding.UTF8.GetBytes(Index), name);
}
