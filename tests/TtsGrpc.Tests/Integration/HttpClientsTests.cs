using TtsGrpc.Tests.Support;
using TtsGrpc.Tests.Unit.Codecs;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Real clients of OpenAI's speech API against the HTTP API: the official openai npm package run by node, and the
/// real curl sending the requests Open WebUI, SillyTavern and Home Assistant send (their shape from their sources).
/// </summary>
public sealed class HttpClientsTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TempDirectory _temp = CodecCases.CreateTemp();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OpenAiNodeClient_SpeechCreate_WritesAnMp3OfAtLeastOneSecond()
    {
        var package = Path.Combine(ModelScript.RepositoryRoot(), "tests", "openai-client");
        Assert.True(
            Directory.Exists(Path.Combine(package, "node_modules", "openai")),
            $"{package}/node_modules/openai is missing: run 'npm ci' in {package} (./build.sh test does).");
        var output = Path.Combine(_temp.Path, "speech.mp3");

        var run = await ExternalTool.RunAsync("node", Path.Combine(package, "speech.mjs"), server.HttpAddress + "/v1", output);

        Assert.True(run.ExitCode == 0, $"node exited {run.ExitCode}: {run.Stdout}{run.Stderr}");
        Assert.Contains("audio/mpeg", run.Stdout, StringComparison.Ordinal);
        await AssertPlayableMp3Async(output, minSeconds: 1.0);
    }

    [Fact]
    public async Task Curl_OpenWebUiRequest_PlayableMp3()
    {
        // Open WebUI: POST {base}/audio/speech, the model overwritten by its setting, no response_format, a key always.
        var file = await CurlAsync(
            server.HttpAddress + "/v1/audio/speech",
            """{"input":"Open WebUI reads this answer aloud.","model":"tts-1","voice":"alloy"}""",
            "Authorization: Bearer sk-open-webui");

        await AssertPlayableMp3Async(file, minSeconds: 0.5);
    }

    [Fact]
    public async Task Curl_SillyTavernRequest_EmptyBearerKey_PlayableMp3()
    {
        // SillyTavern's custom OpenAI-compatible source: a full endpoint URL and "Bearer " + an empty key.
        var file = await CurlAsync(
            server.HttpAddress + "/v1/audio/speech",
            """{"input":"SillyTavern speaks this line.","voice":"nova","speed":1,"model":"tts-1","response_format":"mp3"}""",
            "Authorization: Bearer ");

        await AssertPlayableMp3Async(file, minSeconds: 0.5);
    }

    [Fact]
    public async Task Curl_HomeAssistantRequest_InstructionsAndExtraPayload_PlayableMp3()
    {
        // sfortis/openai_tts: the full URL, mp3, instructions, and its extra_payload merged into the body; no key set, so no header.
        var file = await CurlAsync(
            server.HttpAddress + "/v1/audio/speech",
            """{"model":"tts-1","voice":"shimmer","input":"The front door is open.","response_format":"mp3","speed":1.0,"instructions":"Speak calmly.","lang_code":"a","stream":false}""");

        await AssertPlayableMp3Async(file, minSeconds: 0.5);
    }

    /// <summary>POSTs <paramref name="json"/> with the real curl; asserts a 200 with audio/mpeg and returns the file written.</summary>
    private async Task<string> CurlAsync(string url, string json, params string[] headers)
    {
        var output = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N") + ".mp3");
        List<string> arguments = ["-sS", "--max-time", "60", "-o", output, "-w", "%{http_code} %{content_type}", "-X", "POST", url, "-H", "Content-Type: application/json"];
        foreach (var header in headers)
        {
            arguments.AddRange(["-H", header]);
        }

        arguments.AddRange(["--data-binary", json]);
        var run = await ExternalTool.RunAsync("curl", [.. arguments]);

        Assert.True(run.ExitCode == 0, $"curl exited {run.ExitCode}: {run.Stderr}");
        Assert.Equal("200 audio/mpeg", run.Stdout);
        return output;
    }

    private async Task AssertPlayableMp3Async(string file, double minSeconds)
    {
        var decoded = await ExternalTool.FfmpegDecodeAsync(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken), "mp3", 24000, _temp.Path);
        Assert.True(decoded.Length >= minSeconds * 24000, $"{decoded.Length / 24000.0:F2} s of audio, expected at least {minSeconds} s");
    }
}
