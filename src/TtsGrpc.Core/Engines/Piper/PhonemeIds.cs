namespace TtsGrpc.Core.Engines.Piper;

/// <summary>
/// What a Piper voice model reads for one segment: <see cref="Ids"/> are the phoneme ids with the start, pad
/// and end ids in place; <see cref="Skipped"/> counts the phonemes left out because the voice has no id for them.
/// </summary>
public sealed record PhonemeIds(long[] Ids, int Skipped);
