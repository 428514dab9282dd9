using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

public sealed class ServiceSurfaceTests(ServerFixture server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListVoices_NoFilter_IncludesTheDefaultAmericanEnglishVoice()
    {
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);

        var response = await client.ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Token);

        var english = Assert.Single(response.Voices, v => v.Id == "espeak:en-us");
        Assert.True(english.Builtin);
        Assert.Equal("en-us", english.Language);
        Assert.True(response.Voices.Count > 50, $"espeak-ng ships 100+ languages, got {response.Voices.Count}");
    }

    [Fact]
    public async Task ListVoices_LanguageFilter_ReturnsOnlyThatLanguage()
    {
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);

        var response = await client.ListVoicesAsync(new ListVoicesRequest { Language = "fr" }, cancellationToken: Token);

        Assert.NotEmpty(response.Voices);
        Assert.All(response.Voices, v => Assert.Contains(v.Languages, l => l.StartsWith("fr", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("espeak:fr-fr")]
    [InlineData("fr-fr")]
    [InlineData("")]
    public async Task Synthesize_VoiceByIdOrLanguage_Speaks(string voice)
    {
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);

        var call = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = "Bonjour tout le monde.", Voice = voice });

        Assert.True(call.Audio.Length > 22050, "less than half a second of audio");
    }

    [Fact]
    public async Task Health_Check_ReportsServing()
    {
        var health = new Health.HealthClient(server.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Token);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_ListServices_NamesAllThreeApiServices()
    {
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);
        using var call = reflection.ServerReflectionInfo(cancellationToken: Token);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Token);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(Token));

        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("tts.v1.TextToSpeech", names);
        Assert.Contains("tts.v1.Voices", names);
        Assert.Contains("tts.v1.CacheAdmin", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }
}
