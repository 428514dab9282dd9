using System.Text.Json.Nodes;
using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Voice files that cannot be used never take the server down: it starts, logs one line per bad voice, lists each
/// with the reason, and a request for one is FAILED_PRECONDITION naming the file and the reason.
/// </summary>
public sealed class PiperBrokenVoicesTests(PiperBrokenVoicesTests.BrokenVoices broken) : IClassFixture<PiperBrokenVoicesTests.BrokenVoices>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly (string Stem, string Reason)[] Broken =
    [
        ("en_US-notonnx-medium", "not an ONNX model"),
        ("en_US-otherinputs-medium", "takes inputs (tokens, input_lengths, scales)"),
        ("en_US-badjson-medium", "not valid JSON"),
        ("en_US-mismatch-medium", "its config has 3 speakers"),
        ("en_US-noconfig-medium", "en_US-noconfig-medium.onnx.json is missing"),
        ("en_US-norate-medium", "audio.sample_rate is missing"),
    ];

    public static TheoryData<string, string> Cases => [.. Broken];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ListVoices_BrokenVoice_ListedUnavailableWithTheFileAndReason(string stem, string reason)
    {
        var voices = (await new TextToSpeech.TextToSpeechClient(broken.Server.Channel).ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Token)).Voices;

        var voice = Assert.Single(voices, v => v.Id == "piper:" + stem);
        Assert.Contains(reason, voice.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains(stem + ".onnx", voice.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains(voices, v => v.Id == "piper:en_US-good-medium" && v.UnavailableReason == "");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Synthesize_BrokenVoice_FailedPreconditionNamingFileAndReason_ServerKeepsServing(string stem, string reason)
    {
        var client = new TextToSpeech.TextToSpeechClient(broken.Server.Channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = "Hello.", Voice = "piper:" + stem }));
        var good = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = "Still serving.", Voice = "piper:en_US-good-medium" });

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains(reason, refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(stem + ".onnx", refused.Status.Detail, StringComparison.Ordinal);
        Assert.True(good.Audio.Length > 0);
    }

    [Fact]
    public void Start_BrokenVoices_OneLogLinePerBadVoice()
    {
        foreach (var (stem, _) in Broken)
        {
            Assert.Single(broken.Server.Log.Split('\n'), line => line.Contains($"Voice piper:{stem} is unavailable", StringComparison.Ordinal));
        }
    }

    /// <summary>A voices directory with one good stand-in and one of each kind of broken voice.</summary>
    public sealed class BrokenVoices : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        public ServerFixture Server { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var voices = Path.Combine(_directory.Path, "voices");
            Directory.CreateDirectory(voices);
            PiperStandIns.Write(voices, "en_US-good-medium");

            PiperStandIns.Write(voices, "en_US-notonnx-medium");
            await File.WriteAllTextAsync(Path.Combine(voices, "en_US-notonnx-medium.onnx"), "<html>404 Not Found</html>", Token);

            PiperStandIns.Write(voices, "en_US-otherinputs-medium", renameInputs: new Dictionary<string, string> { ["input"] = "tokens" });

            PiperStandIns.Write(voices, "en_US-badjson-medium");
            await File.WriteAllTextAsync(Path.Combine(voices, "en_US-badjson-medium.onnx.json"), "{ \"audio\": ", Token);

            // A single-speaker model under a config that says three speakers.
            PiperStandIns.Write(voices, "en_US-mismatch-medium");
            Edit(Path.Combine(voices, "en_US-mismatch-medium.onnx.json"), config =>
            {
                config["num_speakers"] = 3;
                config["speaker_id_map"] = new JsonObject { ["a"] = 0, ["b"] = 1, ["c"] = 2 };
            });

            PiperStandIns.Write(voices, "en_US-noconfig-medium");
            File.Delete(Path.Combine(voices, "en_US-noconfig-medium.onnx.json"));

            PiperStandIns.Write(voices, "en_US-norate-medium");
            Edit(Path.Combine(voices, "en_US-norate-medium.onnx.json"), config => config["audio"]!.AsObject().Remove("sample_rate"));

            Server = await ServerFixture.StartAsync(Path.Combine(_directory.Path, "data"), $"--Tts:Engines:Piper:VoicesDirectory={voices}");
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _directory.Dispose();
        }

        private static void Edit(string path, Action<JsonObject> change)
        {
            var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            change(config);
            File.WriteAllText(path, config.ToJsonString());
        }
    }
}
