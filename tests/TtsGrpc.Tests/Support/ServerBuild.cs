using Microsoft.Extensions.Logging;
using TtsGrpc.Server;
using TtsGrpc.Server.Settings;

namespace TtsGrpc.Tests.Support;

/// <summary>Builds the server (no start) to see what its settings validation refuses.</summary>
public static class ServerBuild
{
    /// <summary>What ServerApp.Build refuses for <paramref name="settings"/>, one line per bad key (metrics off: no fixed port is involved).</summary>
    public static IReadOnlyList<string> Failures(string dataDirectory, params string[] settings)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--hostBuilder:reloadConfigOnChange=false", $"--Tts:DataDirectory={dataDirectory}",
            "--Tts:Metrics:Enabled=false", .. settings,
        ];
        var error = Assert.ThrowsAny<Exception>(() => ServerApp.Build(args, builder => builder.Logging.ClearProviders()));
        var failures = SettingsFailure.Lines(error);
        Assert.True(failures.Count > 0, $"not a settings failure: {error}");
        return failures;
    }
}
