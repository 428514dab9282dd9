using TtsGrpc.Core.Segmentation.Internal;

namespace TtsGrpc.Core.Segmentation;

/// <summary>
/// Segments text that arrives in pieces (LLM tokens, words). It runs the scanner of
/// <see cref="TextSegmenter.Split"/> over the text received so far and releases each segment as soon as
/// the text after it confirms its end, so without a mid-stream <see cref="Flush"/> the released segments
/// are exactly the ones Split makes of the whole text, with the same indices and starts. Flush ends the
/// text so far: it releases the rest as one segment, and what follows starts a new sentence.
/// </summary>
public sealed class IncrementalSegmenter(int maxSegmentChars)
{
    private readonly SegmentScanner _scanner = new(maxSegmentChars);
    // The whole text received: the abbreviation check may look back past the last released segment.
    private char[] _text = new char[256];
    private int _nextIndex;

    /// <summary>Characters received so far.</summary>
    public int Length { get; private set; }

    public IReadOnlyList<TextSegment> Append(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Length + text.Length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(Length + text.Length, _text.Length * 2));
        }

        text.CopyTo(_text.AsSpan(Length));
        Length += text.Length;
        return Release(final: false);
    }

    /// <summary>
    /// Releases what is left. Whitespace alone after released segments is kept back instead of becoming a
    /// segment with nothing to say; it joins the next text, or is dropped if none comes.
    /// </summary>
    public IReadOnlyList<TextSegment> Flush() =>
        _nextIndex > 0 && _scanner.AtLeadingWhitespace ? [] : Release(final: true);

    private List<TextSegment> Release(bool final)
    {
        var released = new List<TextSegment>();
        var start = _scanner.SegmentStart;
        while (_scanner.TryNext(_text.AsSpan(0, Length), final, out var end))
        {
            released.Add(TextSegmenter.Segment(_nextIndex++, start, new string(_text, start, end - start)));
            start = end;
        }

        return released;
    }
}
