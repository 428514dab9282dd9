using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.OpenAI;

namespace TtsGrpc.Tests.Unit.OpenAI;

/// <summary>
/// The remote engine's identity in cache keys: the same text and voice from another upstream (host, port, path) or
/// another model is other audio, so it must be another key; the API key and the spelling of the URL are not.
/// </summary>
public sealed class OpenAiEngineKeyTests
{
    [Theory]
    [InlineData("http://tts-host:8880/v1", "tts-1", "openai@tts-host:8880/tts-1")]
    [InlineData("http://tts-host:8880/v1/", "tts-1", "openai@tts-host:8880/tts-1")]
    [InlineData("https://api.openai.com/v1", "gpt-4o-mini-tts", "openai@api.openai.com/gpt-4o-mini-tts")]
    [InlineData("http://proxy:80/kokoro/v1", "kokoro", "openai@proxy/kokoro/v1/kokoro")]
    public void Id_BaseUrlAndModel_NameHostPortPathAndModel(string baseUrl, string model, string expected)
    {
        using var engine = Engine(baseUrl, model);

        Assert.Equal(expected, engine.Id);
    }

    [Fact]
    public void SegmentKey_SameTextFromAnotherHostPortPathOrModel_DiffersEachTime()
    {
        string[] keys =
        [
            Key("http://a:8880/v1", "tts-1"),
            Key("http://b:8880/v1", "tts-1"),
            Key("http://a:8881/v1", "tts-1"),
            Key("http://a:8880/kokoro/v1", "tts-1"),
            Key("http://a:8880/v1", "kokoro"),
        ];

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void SegmentKey_SameUpstreamWrittenDifferentlyOrAnotherApiKey_Same()
    {
        Assert.Equal(Key("http://a:8880/v1", "tts-1"), Key("http://A:8880/v1/", "tts-1", apiKey: "sk-other"));
    }

    [Fact]
    public void Upstream_BaseUrl_SpeechAndVoicePathsUnderItAndHostPortLabel()
    {
        var upstream = new OpenAiUpstream("http://127.0.0.1:8880/v1", "tts-1");

        Assert.Equal(
            ("http://127.0.0.1:8880/v1/audio/speech", "http://127.0.0.1:8880/v1/audio/voices", "127.0.0.1:8880", "http://127.0.0.1:8880/v1"),
            (upstream.SpeechUrl.ToString(), upstream.VoicesUrl.ToString(), upstream.Label, upstream.ToString()));
    }

    private static string Key(string baseUrl, string model, string apiKey = "")
    {
        using var engine = Engine(baseUrl, model, apiKey);
        var voice = engine.Find("alloy")!;
        return SegmentKey.For(engine, voice.CacheIdentity, "The same sentence.", Prosody.Default, 0.5f, "").Hex;
    }

    /// <summary>An engine with its voices configured, so nothing is fetched: keys need no upstream.</summary>
    private static OpenAiEngine Engine(string baseUrl, string model, string apiKey = "")
    {
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var options = Options.Create(new OpenAiOptions { BaseUrl = baseUrl, Model = model, ApiKey = apiKey, Voices = ["alloy"] });
        return new OpenAiEngine(options, http, new OpenAiStatistics(), NullLogger<OpenAiEngine>.Instance);
    }
}
