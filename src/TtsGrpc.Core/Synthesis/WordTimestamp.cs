namespace TtsGrpc.Core.Synthesis;

/// <summary>
/// When a word of the request is spoken, from the start of the stream's audio; its place in the request text in
/// Unicode code points (what clients index strings by in most languages, unlike .NET's UTF-16 units).
/// </summary>
public sealed record WordTimestamp(string Word, double StartMilliseconds, double EndMilliseconds, int TextOffset, int TextLength);
