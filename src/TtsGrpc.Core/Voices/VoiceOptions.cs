using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Core.Voices;

/// <summary>Limits on reference uploads and the voice cache ("Tts:Voices" in configuration).</summary>
public sealed class VoiceOptions : IValidatableObject
{
    public const string Section = "Tts:Voices";

    /// <summary>Largest accepted upload, in bytes.</summary>
    [Range(typeof(long), "1048576", "1073741824", ErrorMessage = "{0} must be between {1} (1 MiB) and {2} (1 GiB).")]
    public long MaxUploadBytes { get; set; } = 30L << 20;

    /// <summary>CreateVoice calls served at once; each may hold up to two copies of its upload while it is read.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentUploads { get; set; } = 4;

    /// <summary>Shortest accepted reference recording, in seconds.</summary>
    [Range(0.1, 3600)] // the analysis needs a few 25 ms frames of speech
    public double MinSeconds { get; set; } = 1;

    /// <summary>Longest accepted reference recording, in seconds.</summary>
    [Range(0.1, 3600)]
    public double MaxSeconds { get; set; } = 300;

    [Range(1000, 192_000)]
    public int MinSampleRate { get; set; } = 8000;

    [Range(1000, 192_000)]
    public int MaxSampleRate { get; set; } = 48000;

    /// <summary>Bytes of voice profiles kept in memory (pinned voices are kept regardless).</summary>
    [Range(typeof(long), "0", "1099511627776", ErrorMessage = "{0} must be between {1} and {2} (1 TiB).")]
    public long MemoryCapacityBytes { get; set; } = 16L << 20;

    /// <summary>Voice ids loaded and pinned at start-up.</summary>
    public List<string> Preload { get; set; } = [];

    /// <summary>Espeak voice that speaks for a created voice whose upload named no language.</summary>
    [Required]
    public string DefaultBaseVoice { get; set; } = "en-us";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinSeconds > MaxSeconds)
        {
            yield return new ValidationResult(
                $"{Section}:MinSeconds ({MinSeconds}) must not exceed {Section}:MaxSeconds ({MaxSeconds}).", [nameof(MinSeconds)]);
        }

        if (MinSampleRate > MaxSampleRate)
        {
            yield return new ValidationResult(
                $"{Section}:MinSampleRate ({MinSampleRate}) must not exceed {Section}:MaxSampleRate ({MaxSampleRate}).", [nameof(MinSampleRate)]);
        }
    }
}
