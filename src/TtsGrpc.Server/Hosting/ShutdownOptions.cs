using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Server.Hosting;

/// <summary>How the server stops on SIGTERM or Ctrl+C ("Tts:Shutdown" in configuration).</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Tts:Shutdown";

    /// <summary>How long calls in flight may run on after the stop signal; past it they are cancelled.</summary>
    [Range(1, 3600, ErrorMessage = "Tts:Shutdown:TimeoutSeconds must be between 1 and 3600 seconds.")]
    public int TimeoutSeconds { get; set; } = 30;
}
