using System.Text;
using TtsGrpc.Core.Engines.OpenAI.Internal;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Unit.OpenAI;

/// <summary>What the remote engine makes of a speech answer's body, and of an error's.</summary>
public sealed class SpeechBodyTests
{
    [Fact]
    public void ToPcm_LittleEndianPcm_TheSamples()
    {
        short[] samples = [0, 1, -1, short.MaxValue, short.MinValue, 258];

        Assert.Equal(samples, SpeechBody.ToPcm(ScriptedSpeechServer.Bytes(samples), "audio/pcm"));
    }

    [Fact]
    public void ToPcm_OddByteCount_RefusedCountingThem()
    {
        var error = Assert.Throws<FormatException>(() => SpeechBody.ToPcm(new byte[3], "application/octet-stream"));

        Assert.Equal("its PCM body has 3 bytes, an odd count, so it is not 16-bit samples", error.Message);
    }

    [Fact]
    public void ToPcm_Wav24kHz_ItsSamples()
    {
        short[] samples = [100, -200, 300, -32768, 32767];

        Assert.Equal(samples, SpeechBody.ToPcm(WavBuilder.Build(WavBuilder.Format(24000, 16, 1, 1), ScriptedSpeechServer.Bytes(samples)), "audio/wav"));
    }

    [Fact]
    public void ToPcm_WavAtAnotherRate_RefusedNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => SpeechBody.ToPcm(WavBuilder.Build(WavBuilder.Format(22050, 16, 1, 1), ScriptedSpeechServer.Bytes([1, 2, 3])), "audio/wav"));

        Assert.Equal("it sent WAV at 22050 Hz where 24 kHz PCM was asked for (response_format \"pcm\")", error.Message);
    }

    [Theory]
    [InlineData("audio/mpeg", "ID3\u0004 mp3 frames", "it sent audio/mpeg where raw PCM was asked for")]
    [InlineData(null, "OggS opus pages.", "it sent compressed audio where raw PCM was asked for")]
    [InlineData("application/json", """{"error":{"message":"quota exceeded"}}""", "it answered 200 with application/json instead of audio: quota exceeded")]
    [InlineData(null, "<html><title>Gateway</title></html>", "it answered 200 with text instead of audio: an HTML page \"Gateway\"")]
    public void ToPcm_NotPcm_RefusedSayingWhatCame(string? mediaType, string body, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SpeechBody.ToPcm(Encoding.UTF8.GetBytes(body), mediaType));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error":{"message":"Invalid voice","type":"invalid_request_error","param":"voice","code":null}}""", "application/json", "Invalid voice")]
    [InlineData("""{"detail":"Model not loaded"}""", "application/json", "Model not loaded")]
    [InlineData("""{"detail":{"error":"validation_error","message":"Speed must be between 0.25 and 4.0"}}""", "application/json", "Speed must be between 0.25 and 4.0")]
    [InlineData("""{"detail":[{"loc":["body","speed"],"msg":"Input should be less than or equal to 4","type":"less_than_equal"}]}""", "application/json", "body.speed: Input should be less than or equal to 4")]
    [InlineData("upstream connect error\n  or disconnect", "text/plain", "upstream connect error or disconnect")]
    [InlineData("<html><head><title>502 Bad Gateway</title></head></html>", "text/html", "an HTML page \"502 Bad Gateway\"")]
    [InlineData("", null, "an empty body")]
    public void Reason_ErrorBodies_TheirMessageOnOneLine(string body, string? mediaType, string expected)
    {
        Assert.Equal(expected, ErrorBody.Reason(Encoding.UTF8.GetBytes(body), mediaType));
    }
}
