namespace TtsGrpc.Core.Segmentation;

/// <summary>
/// One piece of the input text. <see cref="Text"/> is the exact span of the input (trailing whitespace
/// included), so the segments of a text concatenate back to it; <see cref="SpeakText"/> is what the
/// engine reads and what cache keys hash.
/// </summary>
public sealed record TextSegment(int Index, int Start, string Text, string SpeakText);
