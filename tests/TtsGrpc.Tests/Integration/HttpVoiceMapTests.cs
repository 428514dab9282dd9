using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// OpenAI voice names on servers with other voices: Tts:Http:VoiceMap over the default map, and the default map of a
/// server with a Kokoro model (the stand-in model and packs of tools/models/kokoro_model.py).
/// </summary>
public sealed class HttpVoiceMapTests
{
    [Fact]
    public async Task Speech_VoiceMapSetting_OverridesAndAddsNames()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(
            directory.Path, "--Tts:Http:VoiceMap:alloy=espeak:de", "--Tts:Http:VoiceMap:narrator=espeak:en-gb-scotland");
        using var http = new HttpSpeech(server.HttpAddress);

        var alloy = await http.SpeechAsync(new { input = "Hallo.", voice = "alloy", response_format = "pcm" });
        var narrator = await http.SpeechAsync(new { input = "Hello.", voice = "Narrator", response_format = "pcm" });
        var voices = await http.GetAsync("/v1/audio/voices");

        Assert.Equal((200, "espeak:de"), (alloy.Status, alloy.Header("x-tts-voice")));
        Assert.Equal((200, "espeak:en-gb-scotland"), (narrator.Status, narrator.Header("x-tts-voice")));
        var listed = voices.Json.GetProperty("voices").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
        Assert.Contains("alloy (espeak:de)", listed);
        Assert.Contains("narrator (espeak:en-gb-scotland)", listed);
    }

    [Fact]
    public async Task Speech_WithAKokoroModel_NamesGoToKokoroPacks()
    {
        using var directory = new TempDirectory();
        var model = Path.Combine(directory.Path, "model");
        Directory.CreateDirectory(model);
        var onnx = KokoroStandIns.Write(model, "kokoro-v1.0");
        KokoroStandIns.WriteVoices(model, ["af_alloy", "af_bella", "am_adam", "bm_george"], raw: true, npz: null);
        await using var server = await ServerFixture.StartAsync(Path.Combine(directory.Path, "data"), $"--Tts:Engines:Kokoro:ModelPath={onnx}");
        using var http = new HttpSpeech(server.HttpAddress);

        var voices = await http.GetAsync("/v1/audio/voices");
        var alloy = await http.SpeechAsync(new { model = "tts-1", input = "Kokoro speaks for alloy.", voice = "alloy", response_format = "pcm" });

        var mapped = voices.Json.GetProperty("voices").EnumerateArray().Take(11)
            .ToDictionary(v => v.GetProperty("id").GetString()!, v => v.GetProperty("name").GetString()!);
        Assert.Equal("alloy (kokoro:af_alloy)", mapped["alloy"]); // the pack of the same name
        Assert.Equal("ash (kokoro:am_adam)", mapped["ash"]); // the first preference present
        Assert.Equal("ballad (kokoro:bm_george)", mapped["ballad"]);
        Assert.Equal("shimmer (kokoro:af_bella)", mapped["shimmer"]);
        Assert.All(mapped.Values, name => Assert.Contains("(kokoro:", name, StringComparison.Ordinal)); // no espeak voice while Kokoro has packs
        Assert.Equal((200, "kokoro:af_alloy"), (alloy.Status, alloy.Header("x-tts-voice")));
        Assert.NotEmpty(alloy.Body);
    }

    [Fact]
    public async Task Speech_BodyOverTheLimit_413NamingTheSetting()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path, "--Tts:Http:MaxRequestBytes=2048");
        using var http = new HttpSpeech(server.HttpAddress);

        var response = await http.PostAsync($$"""{"input":"Hi.","instructions":"{{new string('x', 4000)}}"}""");

        Assert.Equal(413, response.Status);
        Assert.Contains("Tts:Http:MaxRequestBytes", response.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, (await http.SpeechAsync(new { input = "Small again.", response_format = "pcm" })).Status);
    }
}
