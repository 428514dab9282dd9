using System.Text.Json;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// The HTTP API's lists (models, audio models, voices), its keys (the gRPC client keys, sent as a bearer key) and
/// its requests counted on the metrics beside gRPC's.
/// </summary>
public sealed class HttpAccessTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private const string ClientKey = "http-client-key-0123456789";
    private const string AdminKey = "http-admin-key-0123456789";

    private static readonly string[] OpenAiVoices = ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse"];

    private readonly HttpSpeech _http = new(server.HttpAddress);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Models_OpenAisListShape_WithTheSpeechModels()
    {
        var models = await _http.GetAsync("/v1/models");
        var audioModels = await _http.GetAsync("/v1/audio/models");

        Assert.Equal(200, models.Status);
        Assert.Equal("list", models.Json.GetProperty("object").GetString());
        var data = models.Json.GetProperty("data").EnumerateArray().ToList();
        Assert.All(data, m =>
        {
            Assert.Equal("model", m.GetProperty("object").GetString());
            Assert.True(m.GetProperty("created").GetInt64() > 1_700_000_000);
            Assert.Equal("ttsgrpc", m.GetProperty("owned_by").GetString());
        });
        var ids = data.Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Subset(ids.ToHashSet(), new HashSet<string?> { "tts-1", "tts-1-hd", "gpt-4o-mini-tts", "espeak", "piper" });
        Assert.Equal(ids, audioModels.Json.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Voices_OpenAiNamesEngineVoicesAndCreatedVoices()
    {
        var created = await VoiceUploads.CreateAsync(server.Channel, VoiceUploads.Reference, name: "http-listed");

        var response = await _http.GetAsync("/v1/audio/voices");

        Assert.Equal(200, response.Status);
        var voices = response.Json.GetProperty("voices").EnumerateArray()
            .Select(v => (Id: v.GetProperty("id").GetString()!, Name: v.GetProperty("name").GetString()!)).ToList();
        Assert.Equal(OpenAiVoices, voices.Take(OpenAiVoices.Length).Select(v => v.Id));
        Assert.Equal("alloy (espeak:en-us)", voices[0].Name);
        Assert.Contains(voices, v => v.Id == "espeak:en-us");
        Assert.Contains(voices, v => v.Id == "espeak:de");
        Assert.Contains(voices, v => v.Id == created.Id && v.Name == "http-listed");
        // The names map onto different voices while there are enough of them, so they sound different.
        var mapped = voices.Take(OpenAiVoices.Length).Select(v => v.Name[(v.Name.IndexOf('(') + 1)..^1]).ToList();
        Assert.True(mapped.Distinct().Count() >= 5, string.Join(", ", mapped));

        var spoken = await _http.SpeechAsync(new { input = "A created voice over HTTP.", voice = created.Id, response_format = "pcm" });
        Assert.Equal((200, created.Id), (spoken.Status, spoken.Header("x-tts-voice")));
    }

    [Fact]
    public async Task Speech_NoKeysConfigured_AnyOrEmptyBearerAccepted()
    {
        var empty = await _http.PostAsync("""{"model":"tts-1","input":"An empty key.","voice":"alloy"}""", bearer: "");
        var any = await _http.PostAsync("""{"model":"tts-1","input":"Any key.","voice":"alloy"}""", bearer: "sk-anything");

        Assert.Equal((200, 200), (empty.Status, any.Status));
    }

    [Fact]
    public async Task Speech_ClientKeysConfigured_OnlyAConfiguredKeyPasses()
    {
        using var directory = new TempDirectory();
        await using var locked = await ServerFixture.StartAsync(
            directory.Path, $"--Tts:Auth:ClientKeys:0={ClientKey}", $"--Tts:Auth:AdminKeys:0={AdminKey}");
        using var http = new HttpSpeech(locked.HttpAddress);
        const string body = """{"model":"tts-1","input":"Keyed.","voice":"alloy"}""";

        var none = await http.PostAsync(body);
        var wrong = await http.PostAsync(body, bearer: "sk-not-a-key-of-this-server");
        var empty = await http.PostAsync(body, bearer: "");
        var voicesWithout = await http.GetAsync("/v1/audio/voices");
        var right = await http.PostAsync(body, bearer: ClientKey);
        var admin = await http.PostAsync(body, bearer: AdminKey);
        var voicesWith = await http.GetAsync("/v1/audio/voices", bearer: ClientKey);

        Assert.All(new[] { none, wrong, empty, voicesWithout }, refused =>
        {
            Assert.Equal(401, refused.Status);
            Assert.Equal("authentication_error", refused.Error.GetProperty("type").GetString());
            Assert.Equal("invalid_api_key", refused.Error.GetProperty("code").GetString());
        });
        Assert.Contains("Authorization: Bearer", none.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("not one this server knows", wrong.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((200, "audio/mpeg"), (right.Status, right.ContentType));
        Assert.Equal(200, admin.Status);
        Assert.Equal(200, voicesWith.Status);
    }

    [Fact]
    public async Task Metrics_HttpRequestsCountedBesideGrpcCalls()
    {
        using var directory = new TempDirectory();
        var port = Scrape.FreePort();
        await using var metered = await ServerFixture.StartAsync(directory.Path, "--Tts:Metrics:Enabled=true", $"--Tts:Metrics:Port={port}");
        using var http = new HttpSpeech(metered.HttpAddress);

        Assert.Equal(200, (await http.SpeechAsync(new { input = "Counted.", voice = "alloy" })).Status);
        Assert.Equal(400, (await http.SpeechAsync(new { input = "" })).Status);
        var scrape = await Scrape.ReadAsync(http.Client, $"http://127.0.0.1:{port}/metrics", Token);

        Assert.Equal(1, scrape.Value("tts_requests_total", ("method", "POST /v1/audio/speech"), ("code", "200")));
        Assert.Equal(1, scrape.Value("tts_requests_total", ("method", "POST /v1/audio/speech"), ("code", "400")));
        Assert.Equal(1, scrape.Value("tts_request_errors_total", ("method", "POST /v1/audio/speech")));
        Assert.Equal(1, scrape.Value("tts_synthesis_duration_milliseconds_count", ("method", "POST /v1/audio/speech")));
    }
}
