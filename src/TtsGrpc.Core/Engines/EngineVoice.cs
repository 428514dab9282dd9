namespace TtsGrpc.Core.Engines;

/// <summary>
/// A voice an engine ships with or has installed. <see cref="Id"/> is what clients send ("espeak:en-us",
/// "piper:en_US-lessac-medium/2"); <see cref="EngineKey"/> is the engine's own name for it.
/// </summary>
public sealed record EngineVoice(
    string Id, string Name, string Language, IReadOnlyList<string> Languages, string Gender, string EngineKey)
{
    /// <summary>The engine's <see cref="ISpeechEngine.Name"/> ("espeak", "piper").</summary>
    public string Engine { get; init; } = "";

    /// <summary>Rate of the PCM16 the voice is made at.</summary>
    public int SampleRate { get; init; }

    /// <summary>
    /// What the voice's audio depends on beyond its id, for cache keys: a Piper voice's model and config hashes,
    /// speaker and scales. Empty when the id says it all.
    /// </summary>
    public string Identity { get; init; } = "";

    /// <summary>Multi-speaker voices: speaker names in id order (the voice is listed once, without a speaker).</summary>
    public IReadOnlyList<string> Speakers { get; init; } = [];

    /// <summary>The speaker this voice speaks with (an index into the model's speakers); 0 for single-speaker voices.</summary>
    public int Speaker { get; init; }

    /// <summary>Piper voices: x_low, low, medium or high.</summary>
    public string Quality { get; init; } = "";

    /// <summary>Set when the voice is installed but cannot be used: the file and the reason.</summary>
    public string? Unavailable { get; init; }

    /// <summary>Why this voice's audio comes without word timings (the model gives no durations); null when it has them.</summary>
    public string? UntimedReason { get; init; }

    /// <summary>What cache keys hold for this voice.</summary>
    public string CacheIdentity => Identity.Length == 0 ? Id : Id + "|" + Identity;
}
