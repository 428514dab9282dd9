namespace TtsGrpc.Core.Engines;

/// <summary>
/// When one word of a text is spoken in the audio an engine made of it: the word's place in that text (UTF-16
/// offsets) and its first and last-plus-one sample at the voice's rate.
/// </summary>
public readonly record struct WordTiming(int TextStart, int TextLength, int StartSample, int EndSample);
