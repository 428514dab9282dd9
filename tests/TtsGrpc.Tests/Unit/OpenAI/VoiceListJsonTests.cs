using System.Text;
using TtsGrpc.Core.Engines.OpenAI;
using TtsGrpc.Core.Engines.OpenAI.Internal;

namespace TtsGrpc.Tests.Unit.OpenAI;

/// <summary>The voice lists OpenAI-compatible servers answer GET /audio/voices with.</summary>
public sealed class VoiceListJsonTests
{
    [Fact]
    public void Parse_KokoroFastApiObjects_IdsWithTheirNames()
    {
        var voices = Parse("""{"voices":[{"id":"af_heart","name":"Heart"},{"id":"am_adam","name":"Adam"}]}""");

        Assert.Equal([new OpenAiVoice("af_heart", "Heart"), new OpenAiVoice("am_adam", "Adam")], voices);
    }

    [Fact]
    public void Parse_LegacyPlainStrings_EachIdIsItsOwnName()
    {
        var voices = Parse("""{"voices":["alloy","echo"]}""");

        Assert.Equal([new OpenAiVoice("alloy", "alloy"), new OpenAiVoice("echo", "echo")], voices);
    }

    [Fact]
    public void Parse_BareArrayMixingShapes_AllRead()
    {
        var voices = Parse("""["alloy", {"id":"nova"}, {"name":"Only a name"}, {"voice_id":"v1","name":"Voice one"}]""");

        Assert.Equal(
            [new OpenAiVoice("alloy", "alloy"), new OpenAiVoice("nova", "nova"), new OpenAiVoice("Only a name", "Only a name"), new OpenAiVoice("v1", "Voice one")],
            voices);
    }

    [Fact]
    public void Parse_DuplicatesBlanksAndOtherValues_SkippedKeepingTheFirst()
    {
        var voices = Parse("""{"voices":["alloy"," ",{"id":"alloy","name":"Again"},42,null,{"id":7},"  echo  "]}""");

        Assert.Equal([new OpenAiVoice("alloy", "alloy"), new OpenAiVoice("echo", "echo")], voices);
    }

    [Theory]
    [InlineData("""{"models":[{"id":"tts-1"}]}""", "it has no \"voices\" array")]
    [InlineData("""{"voices":"alloy"}""", "it has no \"voices\" array")]
    [InlineData("<html>Not found</html>", "it is not JSON")]
    public void Parse_NotAVoiceList_FormatExceptionSayingWhy(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Parse(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<OpenAiVoice> Parse(string json) => VoiceListJson.Parse(Encoding.UTF8.GetBytes(json));
}
