using System.Text;

namespace TtsGrpc.Core.Segmentation;

/// <summary>
/// Segments text that arrives in pieces (LLM tokens, words). A segment is released once the text
/// after it confirms its end: a sentence break followed by the start of the next sentence, or a
/// cut of an over-long sentence. <see cref="Flush"/> releases the rest. The released segments are
/// the ones <see cref="TextSegmenter.Split"/> makes of the whole text, with the same indices and
/// starts, so they concatenate back to the input.
/// </summary>
public sealed class IncrementalSegmenter(int maxSegmentChars)
{
    private readonly StringBuilder _pending = new();
    private int _released;
    private int _nextIndex;

    /// <summary>Characters received so far.</summary>
    public int Length => _released + _pending.Length;

    public IReadOnlyList<TextSegment> Append(string text)
    {
        _pending.Append(text);
        return Release(final: false);
    }

    public IReadOnlyList<TextSegment> Flush() => Release(final: true);

    private List<TextSegment> Release(bool final)
    {
        if (_pending.Length == 0 || (final && string.IsNullOrWhiteSpace(_pending.ToString()) && _nextIndex > 0))
        {
            return [];
        }

        var text = _pending.ToString();
        var split = TextSegmenter.Split(text, maxSegmentChars);
        // Without more text the last segment may still grow, so it waits unless this is the end.
        var count = final ? split.Count : split.Count - 1;
        var released = new List<TextSegment>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            released.Add(split[i] with { Index = _nextIndex++, Start = _released + split[i].Start });
        }

        var consumed = count == split.Count ? text.Length : split[count].Start;
        _pending.Remove(0, consumed);
        _released += consumed;
        return released;
    }
}
