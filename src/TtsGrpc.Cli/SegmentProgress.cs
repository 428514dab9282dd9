using System.Globalization;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>
/// Reports a synthesis on stderr as it streams: a line per segment (its text when its first chunk
/// arrives, its length when it is complete) and a summary at the end. The total number of segments is
/// only known from the summary on the last message, hence "n/?".
/// </summary>
internal sealed class SegmentProgress(TextWriter writer, OutputEncoding encoding, bool quiet)
{
    private const int TextWidth = 48;

    private long _headerLeft = encoding.IsWav ? WavFile.HeaderSize : 0;
    private int _segment = -1;
    private long _segmentBytes;
    private bool _segmentCached;
    private int _sampleRate;
    private SynthesisSummary? _summary;
    private readonly List<WordTimestamp> _words = [];

    public void Add(SynthesizeResponse message)
    {
        long bytes = message.Audio.Length;
        var header = Math.Min(_headerLeft, bytes);
        _headerLeft -= header;
        bytes -= header;

        if (message.SegmentIndex != _segment)
        {
            EndSegment();
            _segment = message.SegmentIndex;
            _segmentBytes = 0;
            Write($"segment {_segment + 1}/?: \"{DisplayText.OneLine(message.SegmentText, TextWidth)}\"");
        }

        _segmentBytes += bytes;
        _segmentCached = message.Cached;
        _sampleRate = message.SampleRateHz > 0 ? message.SampleRateHz : _sampleRate;
        _summary = message.Summary ?? _summary;
        _words.AddRange(message.Words);
    }

    /// <summary>The word timeline: one line per word, start and end in seconds; a note on stderr when some segments had none.</summary>
    public async Task WriteWordsAsync(TextWriter output)
    {
        foreach (var word in _words)
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture, $"{word.StartMs / 1000,8:0.000} {word.EndMs / 1000,8:0.000}  {word.Word}"));
        }

        if (_summary is { WordTimestampsUnavailable.Length: > 0 } summary)
        {
            await writer.WriteLineAsync("note: " + summary.WordTimestampsUnavailable);
        }
    }

    public void Complete()
    {
        EndSegment();
        if (_summary is { } s)
        {
            var seconds = _sampleRate > 0 ? (double)s.AudioSamples / _sampleRate : 0;
            WriteLine(
                $"{s.SegmentsTotal} segments, {s.SegmentsCached} cached, {seconds:0.00} s audio, " +
                $"first audio {s.FirstAudioMs:0} ms, total {s.SynthesisMs:0} ms");
        }
    }

    private void EndSegment()
    {
        if (_segment < 0)
        {
            return;
        }

        var size = encoding.IsContainer
            ? $" {_segmentBytes / 1024.0:0.0} KiB"
            : $" {(_sampleRate > 0 ? (double)_segmentBytes / encoding.BytesPerSample / _sampleRate : 0):0.0} s audio";
        WriteLine($"{size}{(_segmentCached ? " (cached)" : "")}");
    }

    private void Write(string text)
    {
        if (!quiet)
        {
            writer.Write(text);
        }
    }

    private void WriteLine(string text)
    {
        if (!quiet)
        {
            writer.WriteLine(text);
        }
    }
}
