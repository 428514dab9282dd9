using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Which openai: voices the real server offers: the upstream's list (fetched at start, and again for a name it does
/// not hold), the configured one, or, while no list can be had, any name. The upstream is a scripted loopback
/// server (<see cref="ScriptedSpeechServer"/>) so its list can change, or fail, between two calls.
/// </summary>
public sealed class OpenAiEngineVoicesTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();
    private ScriptedSpeechServer _upstream = null!;
    private ServerFixture? _server;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _upstream = await ScriptedSpeechServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _upstream.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task ListVoices_UpstreamListsObjects_OpenAiVoicesAt24kHzByTheirNames()
    {
        var client = await StartAsync(_upstream.BaseUrl);

        var voices = (await client.ListVoicesAsync(new ListVoicesRequest { Engine = "openai" }, deadline: DateTime.UtcNow + Deadline, cancellationToken: Token)).Voices;

        Assert.Equal(["openai:af_heart", "openai:am_adam"], voices.Select(v => v.Id));
        var heart = voices[0];
        Assert.Equal(("Heart", 24000, "openai"), (heart.Name, heart.SampleRateHz, heart.Engine));
        Assert.Equal(1, _upstream.VoiceListRequests);
    }

    [Fact]
    public async Task ListVoices_UpstreamListsPlainStrings_ListedByTheirIds()
    {
        _upstream.VoiceList = ScriptedSpeechServer.Answer.Json(200, """{"voices":["alloy","echo","nova"]}""");
        var client = await StartAsync(_upstream.BaseUrl);

        var voices = (await client.ListVoicesAsync(new ListVoicesRequest { Engine = "openai" }, deadline: DateTime.UtcNow + Deadline, cancellationToken: Token)).Voices;

        Assert.Equal(["openai:alloy", "openai:echo", "openai:nova"], voices.Select(v => v.Id));
        Assert.Equal("echo", voices[1].Name);
    }

    [Fact]
    public async Task Synthesize_NameNotInTheListFetchedAtStart_NotFoundWithoutAskingAgainWithinTheInterval()
    {
        var client = await StartAsync(_upstream.BaseUrl);

        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Request("openai:zz_nobody", "Who?")));
        var again = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Request("openai:zz_other", "Who?")));

        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (error.StatusCode, again.StatusCode));
        Assert.Contains("Voice 'openai:zz_nobody' does not exist", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _upstream.VoiceListRequests); // at start; unknown names fetch again only 30 s (the default) after that
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task Synthesize_VoiceAddedUpstreamAfterStart_FoundByTheFirstRequestThatNamesIt()
    {
        var client = await StartAsync(_upstream.BaseUrl, "--Tts:Engines:OpenAI:VoiceListRefreshSeconds=0");
        _upstream.VoiceList = ScriptedSpeechServer.Answer.Json(200, """{"voices":[{"id":"af_heart"},{"id":"bf_new","name":"New"}]}""");

        var call = await SynthesisCall.RunAsync(client, Request("openai:bf_new", "A new voice."));

        Assert.Equal(ScriptedSpeechServer.Bytes(ScriptedSpeechServer.Tone(0.5)), call.Audio);
        Assert.Equal("bf_new", Assert.Single(_upstream.Requests).Text("voice"));
    }

    [Fact]
    public async Task Synthesize_ConfiguredVoices_OnlyThoseAndTheListIsNeverFetched()
    {
        var client = await StartAsync(_upstream.BaseUrl, "--Tts:Engines:OpenAI:Voices:0=alloy", "--Tts:Engines:OpenAI:Voices:1=shimmer");

        var voices = (await client.ListVoicesAsync(new ListVoicesRequest { Engine = "openai" }, deadline: DateTime.UtcNow + Deadline, cancellationToken: Token)).Voices;
        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Request("openai:af_heart", "Not configured.")));
        await SynthesisCall.RunAsync(client, Request("openai:shimmer", "Configured."));

        Assert.Equal(["openai:alloy", "openai:shimmer"], voices.Select(v => v.Id));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(0, _upstream.VoiceListRequests);
    }

    [Fact]
    public async Task Synthesize_VoiceListFails_AnyNameIsAcceptedAndTheUpstreamDecides()
    {
        _upstream.VoiceList = ScriptedSpeechServer.Answer.Json(404, """{"detail":"Not Found"}""");
        var client = await StartAsync(_upstream.BaseUrl);

        var call = await SynthesisCall.RunAsync(client, Request("openai:shimmer", "Any voice will do."));

        Assert.NotEmpty(call.Audio);
        Assert.Equal("shimmer", Assert.Single(_upstream.Requests).Text("voice"));
        Assert.Contains("could not be fetched from", _server!.Log, StringComparison.Ordinal);
        Assert.Contains("HTTP 404 (this server has no voice list)", _server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UpstreamDown_ServerServesOtherVoicesAndOpenAiCallsAreUnavailableNamingIt()
    {
        var down = $"http://127.0.0.1:{Scrape.FreePort()}/v1"; // nothing listens there
        var client = await StartAsync(down, "--Tts:Engines:OpenAI:MaxRetries=0");

        var espeak = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = "Still here." });
        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Request("openai:alloy", "Nobody answers.")));

        Assert.NotEmpty(espeak.Audio);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith($"The upstream speech server {down} cannot be reached (Connection refused", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("The voice list of the upstream speech server", _server!.Log, StringComparison.Ordinal);
    }

    private async Task<TextToSpeech.TextToSpeechClient> StartAsync(string baseUrl, params string[] settings)
    {
        _server = await ServerFixture.StartAsync(_directory.Path, [$"--Tts:Engines:OpenAI:BaseUrl={baseUrl}", .. settings]);
        return new TextToSpeech.TextToSpeechClient(_server.Channel);
    }

    private static SynthesizeRequest Request(string voice, string text) => new()
    {
        Text = text,
        Voice = voice,
        Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
    };
}
