using TtsGrpc.Native;

namespace TtsGrpc.Server;

/// <summary>Host-level settings ("Tts" in configuration).</summary>
public sealed class ServerOptions
{
    public const string Section = "Tts";

    /// <summary>Where persistent state lives (created on start).</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Auto (CUDA when a device answers), Cuda or Cpu.</summary>
    public ComputeBackend Backend { get; set; } = ComputeBackend.Auto;
}
