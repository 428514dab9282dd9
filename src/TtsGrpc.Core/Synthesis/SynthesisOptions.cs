using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Core.Synthesis;

/// <summary>Limits and defaults of synthesis ("Tts:Synthesis" in configuration).</summary>
public sealed class SynthesisOptions
{
    public const string Section = "Tts:Synthesis";

    /// <summary>Longest accepted text, in UTF-16 characters.</summary>
    [Range(1, 10_000_000)]
    public int MaxTextLength { get; set; } = 100_000;

    /// <summary>Hard cap on a segment; longer sentences are cut at a clause break or space.</summary>
    [Range(16, 10_000)] // below 16 a cut would split most words
    public int MaxSegmentChars { get; set; } = 300;

    /// <summary>Voice used when a request names none.</summary>
    [Required]
    public string DefaultVoice { get; set; } = "en-us";

    /// <summary>Most audio in one response message, in milliseconds.</summary>
    [Range(10, 5_000)]
    public int ChunkMilliseconds { get; set; } = 200;

    /// <summary>Segments synthesized ahead of the one being streamed.</summary>
    [Range(0, 64)]
    public int Lookahead { get; set; } = 2;

    /// <summary>Synthesis calls (Synthesize and StreamingSynthesize) served at once; more are refused with RESOURCE_EXHAUSTED.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentCalls { get; set; } = 256;

    /// <summary>
    /// Seconds a StreamingSynthesize call may wait for its next message; a client that sends nothing for
    /// longer is ended with DEADLINE_EXCEEDED, so an abandoned stream does not hold a call slot forever.
    /// </summary>
    [Range(1, 86_400)]
    public int IdleTimeoutSeconds { get; set; } = 60;
}
