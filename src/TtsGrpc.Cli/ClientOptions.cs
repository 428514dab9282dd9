using System.CommandLine;

namespace TtsGrpc.Cli;

/// <summary>Options every command shares.</summary>
internal static class ClientOptions
{
    public const string ServerVariable = "TTS_SERVER";
    public const string DefaultServer = "http://127.0.0.1:50051";

    public static Option<string> Server { get; } = new("--server")
    {
        Description = $"Address of the TtsGrpc server (default: ${ServerVariable}, else {DefaultServer}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultServer,
        Recursive = true,
    };
}
