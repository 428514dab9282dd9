namespace TtsGrpc.Core.Voices;

/// <summary>Limits on reference uploads and the voice cache ("Tts:Voices" in configuration).</summary>
public sealed class VoiceOptions
{
    public const string Section = "Tts:Voices";

    /// <summary>Largest accepted upload, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 30L << 20;

    public double MinSeconds { get; set; } = 1;

    public double MaxSeconds { get; set; } = 300;

    public int MinSampleRate { get; set; } = 8000;

    public int MaxSampleRate { get; set; } = 48000;

    /// <summary>Bytes of voice profiles kept in memory (pinned voices are kept regardless).</summary>
    public long MemoryCapacityBytes { get; set; } = 16L << 20;

    /// <summary>Voice ids loaded and pinned at start-up.</summary>
    public List<string> Preload { get; set; } = [];

    /// <summary>Espeak voice that speaks for a created voice whose upload named no language.</summary>
    public string DefaultBaseVoice { get; set; } = "en-us";
}
