namespace TtsGrpc.Core.Synthesis;

/// <summary>Limits and defaults of synthesis ("Tts:Synthesis" in configuration).</summary>
public sealed class SynthesisOptions
{
    public const string Section = "Tts:Synthesis";

    /// <summary>Longest accepted text, in UTF-16 characters.</summary>
    public int MaxTextLength { get; set; } = 100_000;

    /// <summary>Hard cap on a segment; longer sentences are cut at a clause break or space.</summary>
    public int MaxSegmentChars { get; set; } = 300;

    /// <summary>Voice used when a request names none.</summary>
    public string DefaultVoice { get; set; } = "en-us";

    /// <summary>Most audio in one response message, in milliseconds.</summary>
    public int ChunkMilliseconds { get; set; } = 200;

    /// <summary>Segments synthesized ahead of the one being streamed.</summary>
    public int Lookahead { get; set; } = 2;

    /// <summary>Synthesis calls (Synthesize and StreamingSynthesize) served at once; more are refused with RESOURCE_EXHAUSTED.</summary>
    public int MaxConcurrentCalls { get; set; } = 256;
}
