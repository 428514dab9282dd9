namespace TtsGrpc.Core.Synthesis;

/// <summary>
/// One message worth of encoded audio. <see cref="SegmentText"/> is set on a segment's first chunk;
/// <see cref="Summary"/> only on the last chunk of the call. <see cref="Audio"/> lives in a pooled
/// buffer: it is valid until the consumer asks for the next chunk, so write or copy it before that.
/// </summary>
public sealed record AudioChunk(
    int SegmentIndex, ReadOnlyMemory<byte> Audio, string? SegmentText, bool Cached, SynthesisSummary? Summary = null)
{
    /// <summary>Samples of audio in the message, at the format's rate (a WAV header not counted).</summary>
    public int Samples { get; init; }

    /// <summary>The words whose first sample is in this message; null unless the request asked for word timestamps.</summary>
    public IReadOnlyList<WordTimestamp>? Words { get; init; }
}
