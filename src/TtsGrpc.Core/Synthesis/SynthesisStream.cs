using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Core.Segmentation;

namespace TtsGrpc.Core.Synthesis;

/// <summary>
/// The state one response stream keeps across its segments, and across the several pipeline calls of a
/// StreamingSynthesize: whether the WAV header went out, how much audio was sent (the clock word timestamps
/// count from), and how many code points of the request text the segments so far covered.
/// </summary>
public sealed class SynthesisStream(OutputFormat format)
{
    private bool _headerSent;
    private long _codePoints;

    public OutputFormat Format { get; } = format;

    /// <summary>Samples sent so far, at the format's rate.</summary>
    public long Samples { get; private set; }

    /// <summary>Segments whose words were wanted but that the engine could not time.</summary>
    public int UntimedSegments { get; private set; }

    /// <summary>Segments whose words were wanted but that came from the cache without timings (CACHED_ONLY).</summary>
    public int UntimedCachedSegments { get; private set; }

    /// <summary>What the summary says when a request that wanted word timestamps did not get them for every segment.</summary>
    public string WordsNote(SynthesisRequest request)
    {
        var notes = new List<string>(2);
        if (request.WordTimestamps && UntimedSegments > 0)
        {
            notes.Add($"No word timestamps for {UntimedSegments} segment(s): " +
                (request.Voice.UntimedReason ?? "the engine could not match its phonemes to the words of the text") + ".");
        }

        if (request.WordTimestamps && UntimedCachedSegments > 0)
        {
            notes.Add($"No word timestamps for {UntimedCachedSegments} segment(s): they were cached before word timings were kept, " +
                "and CACHED_ONLY does not make them again (use USE or REFRESH).");
        }

        return string.Join(" ", notes);
    }

    /// <summary>True once, for the first message of a WAV stream: it carries the header.</summary>
    internal bool TakeHeader()
    {
        if (_headerSent || Format.Encoding != AudioEncoding.Wav)
        {
            return false;
        }

        _headerSent = true;
        return true;
    }

    internal void Sent(int samples) => Samples += samples;

    /// <summary>
    /// The word timestamps of <paramref name="segment"/>, whose audio starts now (before <see cref="Sent"/> counts it):
    /// engine timings (offsets into its speak text, samples at <paramref name="engineRate"/>) placed on the stream's
    /// clock and in the request text. Moves the code point count past the segment whatever it returns.
    /// </summary>
    internal List<WordTimestamp>? Place(TextSegment segment, IReadOnlyList<WordTiming>? words, bool cached, int engineRate)
    {
        var before = _codePoints;
        _codePoints += CodePoints(segment.Text, 0, segment.Text.Length);
        if (words is null)
        {
            if (cached)
            {
                UntimedCachedSegments++;
            }
            else
            {
                UntimedSegments++;
            }

            return null;
        }

        var map = TextSegmenter.SpeakTextMap(segment.Text, segment.SpeakText);
        if (map is null || (words.Count == 0 && TextWords.Of(segment.SpeakText).Count > 0))
        {
            // NFC changed the text, or a voice that times words could not match this segment's phonemes to its words.
            UntimedSegments++;
            return null;
        }

        var startMs = Samples * 1000.0 / Format.SampleRate;
        var placed = new List<WordTimestamp>(words.Count);
        foreach (var word in words)
        {
            var from = map[word.TextStart];
            var to = map[word.TextStart + word.TextLength - 1] + 1;
            if (char.IsHighSurrogate(segment.Text[to - 1]) && to < segment.Text.Length)
            {
                to++; // the low half of a pair the engine's span ended on
            }

            placed.Add(new WordTimestamp(
                segment.Text[from..to],
                startMs + (word.StartSample * 1000.0 / engineRate),
                startMs + (word.EndSample * 1000.0 / engineRate),
                (int)(before + CodePoints(segment.Text, 0, from)),
                CodePoints(segment.Text, from, to)));
        }

        return placed;
    }

    private static int CodePoints(string text, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            count++;
        }

        return count;
    }
}
