using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>Remote engine settings that cannot work stop the start, each naming its key and what would do.</summary>
public sealed class OpenAiSettingsTests
{
    [Theory]
    [InlineData("localhost:8880/v1")]
    [InlineData("ftp://host/v1")]
    [InlineData("/v1")]
    public void Build_BaseUrlNotAnHttpUrl_RefusedNamingTheKey(string baseUrl)
    {
        using var directory = new TempDirectory();

        var failure = Assert.Single(ServerBuild.Failures(directory.Path, $"--Tts:Engines:OpenAI:BaseUrl={baseUrl}"));

        Assert.Equal(
            $"Tts:Engines:OpenAI:BaseUrl is '{baseUrl}', which is not an absolute http:// or https:// URL; use the API root of the speech server, " +
            "such as http://127.0.0.1:8880/v1 (or leave it empty to turn the engine off).",
            failure);
    }

    [Fact]
    public void Build_TotalTimeoutShorterThanOneTry_Refused()
    {
        using var directory = new TempDirectory();

        var failure = Assert.Single(ServerBuild.Failures(
            directory.Path, "--Tts:Engines:OpenAI:BaseUrl=http://127.0.0.1:1/v1", "--Tts:Engines:OpenAI:TotalTimeoutSeconds=10"));

        Assert.StartsWith("Tts:Engines:OpenAI:TotalTimeoutSeconds is 10, less than Tts:Engines:OpenAI:AttemptTimeoutSeconds (30)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ConcurrencyOutOfRange_RefusedWithTheRange()
    {
        using var directory = new TempDirectory();

        var failure = Assert.Single(ServerBuild.Failures(directory.Path, "--Tts:Engines:OpenAI:MaxConcurrentRequests=0"));

        Assert.Equal("The field Tts:Engines:OpenAI:MaxConcurrentRequests must be between 1 and 256; it is 0.", failure);
    }
}
