using System.ComponentModel.DataAnnotations;
using TtsGrpc.Native;

namespace TtsGrpc.Server;

/// <summary>Host-level settings ("Tts" in configuration).</summary>
public sealed class ServerOptions : IValidatableObject
{
    public const string Section = "Tts";

    /// <summary>Where persistent state lives (created on start; a relative path is relative to the working directory).</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Auto (CUDA when a device answers), Cuda or Cpu.</summary>
    public ComputeBackend Backend { get; set; } = ComputeBackend.Auto;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Creating the directory is the one check that catches everything (a parent that is a file,
        // no permission, a read-only mount) before the store fails on it with a less direct message.
        string? problem = null;
        try
        {
            Directory.CreateDirectory(DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = e.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult(
                $"{Section}:DataDirectory '{DataDirectory}' cannot be created: {problem.TrimEnd('.')}; " +
                $"set {Section}:DataDirectory to a directory this user can create and write.",
                [nameof(DataDirectory)]);
        }
    }
}
