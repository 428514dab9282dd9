using System.CommandLine;

namespace TtsGrpc.Cli;

/// <summary>Options every command shares.</summary>
internal static class ClientOptions
{
    public const string ServerVariable = "TTS_SERVER";
    public const string DefaultServer = "http://127.0.0.1:50051";

    /// <summary>An API key for servers that require one; read from the environment only, so it stays out of shell history and process lists.</summary>
    public const string KeyVariable = "TTS_API_KEY";

    public static Option<string> Server { get; } = new("--server")
    {
        Description = $"Address of the TtsGrpc server (default: ${ServerVariable}, else {DefaultServer}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultServer,
        Recursive = true,
    };
}
