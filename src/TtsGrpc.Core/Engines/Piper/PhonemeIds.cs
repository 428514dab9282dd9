using TtsGrpc.Core.Engines.Internal;

namespace TtsGrpc.Core.Engines.Piper;

/// <summary>
/// What a Piper voice model reads for one segment: <see cref="Ids"/> are the phoneme ids with the start, pad
/// and end ids in place; <see cref="Skipped"/> counts the phonemes left out because the voice has no id for them.
/// </summary>
public sealed record PhonemeIds(long[] Ids, int Skipped)
{
    /// <summary>When asked for: the ids of <see cref="Ids"/> each word of the text was said with; null when not matched.</summary>
    internal IReadOnlyList<WordIds>? Words { get; init; }
}
