using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Audio.Codecs;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Core.Segmentation;

namespace TtsGrpc.Core.Synthesis;

/// <summary>
/// The state one response stream keeps across its segments, and across the several pipeline calls of a
/// StreamingSynthesize: whether the WAV header went out, the container encoder of an OGG_OPUS, MP3 or FLAC
/// stream (one per stream: its frames run across segments, so the stream decodes as one), how much audio was
/// sent (the clock word timestamps count from), and how many code points of the request text the segments so
/// far covered. <see cref="Finish"/> gives a container stream's last bytes; dispose it in any case.
/// </summary>
public sealed class SynthesisStream(OutputFormat format) : IDisposable
{
    private bool _headerSent;
    private long _codePoints;
    private IStreamEncoder? _encoder;

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
    /// The message bytes for PCM16 <paramref name="pcm"/> at the format's rate, of the segment <paramref name="key"/>:
    /// the PCM itself for the sample encodings (the cache made them already), else what the stream's encoder emits
    /// for it (its headers first). The first segment's key seeds the Ogg serial number, so one request always makes
    /// the same bytes.
    /// </summary>
    internal ReadOnlyMemory<byte> Encode(ReadOnlyMemory<byte> pcm, SegmentKey key) =>
        Encoder(key) is { } encoder ? encoder.Encode(MemoryMarshal.Cast<byte, short>(pcm.Span)) : pcm;

    /// <summary>
    /// A container stream's last bytes (the encoder's tail; for Opus the end-trimmed last page); empty for the
    /// sample encodings. A stream that never had audio still ends as a valid, empty stream.
    /// </summary>
    public byte[] Finish() => Encoder(key: null) is { } encoder ? encoder.Finish() : [];

    public void Dispose() => _encoder?.Dispose();

    private IStreamEncoder? Encoder(SegmentKey? key)
    {
        if (Format.Stream is not { } stream)
        {
            return null;
        }

        return _encoder ??= StreamEncoders.Create(
            stream, Format.SampleRate, key is { } first ? BinaryPrimitives.ReadUInt32LittleEndian(first.Bytes) : 0);
    }

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
