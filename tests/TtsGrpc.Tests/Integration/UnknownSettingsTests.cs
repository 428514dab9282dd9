using Microsoft.Extensions.Logging;
using TtsGrpc.Server;
using TtsGrpc.Server.Settings;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// A key under "Tts" that no options class declares stops the start, in any section, one line per key, with the key
/// it probably meant when one is close; sections this version does not have are named as such.
/// </summary>
public sealed class UnknownSettingsTests
{
    private const string NoSuchKey = "remove it (docs/configuration.md lists every key).";

    public static TheoryData<string, string> UnknownKeys => new()
    {
        { "--Tts:Lookahead=3", "Setting Tts:Lookahead is not read by any option; did you mean Tts:Synthesis:Lookahead?" },
        { "--Tts:Synthesis:Lookahaed=3", "Setting Tts:Synthesis:Lookahaed is not read by any option; did you mean Tts:Synthesis:Lookahead?" },
        { "--Tts:Synthsis:Lookahead=3", "Setting Tts:Synthsis:Lookahead is not read by any option; did you mean Tts:Synthesis:Lookahead?" },
        { "--Tts:Voices:Lookahead=3", "Setting Tts:Voices:Lookahead is not read by any option; did you mean Tts:Synthesis:Lookahead?" },
        { "--Tts:Auth:AdminKey:0=0123456789abcdef", "Setting Tts:Auth:AdminKey:0 is not read by any option; did you mean Tts:Auth:AdminKeys:0?" },
        { "--Tts:Shutdown:TimeoutSecond=5", "Setting Tts:Shutdown:TimeoutSecond is not read by any option; did you mean Tts:Shutdown:TimeoutSeconds?" },
        { "--tts:datadirectry=/tmp/x", "Setting Tts:datadirectry is not read by any option; did you mean Tts:DataDirectory?" },
        { "--Tts:Engines:Piper:VoicesDirectroy=x", "Setting Tts:Engines:Piper:VoicesDirectroy is not read by any option; did you mean Tts:Engines:Piper:VoicesDirectory?" },
        { "--Tts:Engines:OpenAI:BaseUlr=x", "Setting Tts:Engines:OpenAI:BaseUlr is not read by any option; did you mean Tts:Engines:OpenAI:BaseUrl?" },
        { "--Tts:Cache:Redis:Configuraton=x", "Setting Tts:Cache:Redis:Configuraton is not read by any option; did you mean Tts:Cache:Redis:Configuration?" },
        { "--Tts:Http:Url=http://127.0.0.1:8080", "Setting Tts:Http:Url is not read by any option; did you mean Tts:Http:Urls?" },
        { "--Tts:Synthesis:Lookahead:Depth=3", $"Setting Tts:Synthesis:Lookahead:Depth is not read by any option (Tts:Synthesis:Lookahead has no setting Depth); {NoSuchKey}" },
        { "--Tts:Synthesis:Volume=3", $"Setting Tts:Synthesis:Volume is not read by any option (Tts:Synthesis has no setting Volume); {NoSuchKey}" },
        { "--Tts:Synthesis=3", $"Setting Tts:Synthesis is not read by any option (it is a group of settings: set the keys under it); {NoSuchKey}" },
    };

    [Theory]
    [MemberData(nameof(UnknownKeys))]
    public void Build_UnknownKey_RefusedWithTheKeyAndAnySuggestion(string setting, string expected)
    {
        using var directory = new TempDirectory();

        var failure = Assert.Single(ServerBuild.Failures(directory.Path, setting));

        Assert.Equal(expected, failure);
    }

    [Fact]
    public void Build_KnownKeysOfEverySection_NoneRefused()
    {
        using var directory = new TempDirectory();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--hostBuilder:reloadConfigOnChange=false", $"--Tts:DataDirectory={directory.Path}", "--Tts:Backend=Cpu", "--Tts:Synthesis:Lookahead=3",
            "--tts:synthesis:chunkmilliseconds=100", "--Tts:Cache:MemoryCapacityBytes=1000000", "--Tts:Voices:Preload:0=none",
            "--Tts:Auth:AdminKeys:0=0123456789abcdef", "--Tts:Metrics:Enabled=false", "--Tts:Http:Urls=http://127.0.0.1:0", "--Tts:Shutdown:TimeoutSeconds=5",
            "--Tts:Engines:Piper:DownloadUrl=http://127.0.0.1:1/voices/", "--Tts:Engines:Piper:DownloadStallSeconds=10",
            "--Tts:Engines:OpenAI:Model=kokoro", "--Tts:Engines:OpenAI:MaxConcurrentRequests=2", "--Tts:Engines:OpenAI:Voices:0=af_heart",
        ];

        using var app = ServerApp.Build(args, builder => builder.Logging.ClearProviders());

        Assert.NotNull(app);
    }

    [Fact]
    public void Build_UnknownKeysInSeveralSections_EveryOneNamedAtOnce()
    {
        using var directory = new TempDirectory();

        var failures = ServerBuild.Failures(directory.Path, "--Tts:Engines:Piper:Model=x", "--Tts:Synthesis:Lookahaed=3", "--Tts:Synthesis:Lookahead=-1");

        Assert.True(failures.Count == 3, string.Join(" | ", failures));
        Assert.Contains(failures, f => f.StartsWith("Setting Tts:Engines:Piper:Model ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Setting Tts:Synthesis:Lookahaed ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Tts:Synthesis:Lookahead must be between 0 and 64", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_HttpPortIsTheGrpcPort_RefusedNamingBoth()
    {
        using var directory = new TempDirectory();
        var port = Scrape.FreePort();
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{port}", "--hostBuilder:reloadConfigOnChange=false", $"--Tts:DataDirectory={directory.Path}",
            "--Tts:Metrics:Enabled=false", $"--Tts:Http:Urls=http://0.0.0.0:{port}",
        ];

        var error = Assert.ThrowsAny<Exception>(() => ServerApp.Build(args, builder => builder.Logging.ClearProviders()));

        Assert.Equal(
            $"Tts:Http:Urls lists port {port}, which Urls already listens on for gRPC; give the HTTP API a port of its own (or set Tts:Http:Urls empty).",
            Assert.Single(SettingsFailure.Lines(error)));
    }

    [Fact]
    public void Build_MetricsPortIsTheGrpcPort_RefusedNamingBoth()
    {
        using var directory = new TempDirectory();
        var port = Scrape.FreePort();
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{port}", "--hostBuilder:reloadConfigOnChange=false", $"--Tts:DataDirectory={directory.Path}",
            $"--Tts:Metrics:Port={port}",
        ];

        var error = Assert.ThrowsAny<Exception>(() => ServerApp.Build(args, builder => builder.Logging.ClearProviders()));

        Assert.Equal(
            $"Tts:Metrics:Port is {port}, which Urls already listens on (http://127.0.0.1:{port}); give the metrics endpoint a port of its own " +
            "(or set Tts:Metrics:Enabled=false).",
            Assert.Single(SettingsFailure.Lines(error)));
    }
}
