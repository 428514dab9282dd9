namespace TtsGrpc.Core.Engines.Internal;

/// <summary>A word of a text and the ids [<see cref="FirstId"/>, <see cref="EndId"/>) a model run said it with.</summary>
internal readonly record struct WordIds(TextWords.Word Word, int FirstId, int EndId)
{
    /// <summary>
    /// The ids of each word <paramref name="said"/> with phoneme code points: code point k became ids
    /// [<paramref name="firstId"/>[k], <paramref name="endId"/>[k]), none where firstId[k] is -1 (a character the
    /// model has no id for). A word none of whose phonemes has an id is left out.
    /// </summary>
    public static List<WordIds> Of(IEnumerable<PhonemeWords.Said> said, int[] firstId, int[] endId)
    {
        var words = new List<WordIds>();
        foreach (var (word, start, end) in said)
        {
            var first = -1;
            var last = -1;
            for (var k = start; k < end; k++)
            {
                if (firstId[k] >= 0)
                {
                    first = first < 0 ? k : first;
                    last = k;
                }
            }

            if (first >= 0)
            {
                words.Add(new WordIds(word, firstId[first], endId[last]));
            }
        }

        return words;
    }

    /// <summary>
    /// When each word is spoken in a run's audio of <paramref name="length"/> samples, from the samples the model
    /// gave each id it was sent (<paramref name="samples"/>, where the words' id 0 is at <paramref name="idOffset"/>):
    /// from the first sample of a word's first id to the last of its last.
    /// </summary>
    public static List<WordTiming> Timings(IReadOnlyList<WordIds> words, ReadOnlySpan<long> samples, int idOffset, int length)
    {
        var starts = new long[samples.Length + 1];
        for (var i = 0; i < samples.Length; i++)
        {
            starts[i + 1] = starts[i] + Math.Max(0, samples[i]);
        }

        int At(int id) => (int)Math.Clamp(starts[Math.Clamp(id + idOffset, 0, starts.Length - 1)], 0, length);
        return [.. words.Select(w => new WordTiming(w.Word.Start, w.Word.Length, At(w.FirstId), At(w.EndId)))];
    }

    /// <summary>Timings of audio of <paramref name="from"/> samples that libsonic made <paramref name="to"/> long: scaled with it.</summary>
    public static List<WordTiming> Scaled(IReadOnlyList<WordTiming> words, int from, int to)
    {
        if (from == to || from == 0)
        {
            return [.. words];
        }

        var scale = (double)to / from;
        int At(int sample) => (int)Math.Min(to, Math.Round(sample * scale));
        return [.. words.Select(w => w with { StartSample = At(w.StartSample), EndSample = At(w.EndSample) })];
    }

    /// <summary>
    /// The timings as the store takes them, whatever an engine reported: each word within the text's
    /// <paramref name="textLength"/> code units (others left out) and the clip's <paramref name="samples"/>, starting
    /// no earlier than the word before it and ending no earlier than it starts. Engines keep to that already; an event
    /// stream that once broke it (a word whose start came before the previous word's) would otherwise have kept the
    /// whole segment out of the store.
    /// </summary>
    public static List<WordTiming> Fitted(IReadOnlyList<WordTiming> words, int textLength, int samples)
    {
        var fitted = new List<WordTiming>(words.Count);
        var previousStart = 0;
        foreach (var word in words)
        {
            if (word.TextStart < 0 || word.TextLength < 0 || word.TextStart > textLength - word.TextLength)
            {
                continue;
            }

            var start = Math.Clamp(word.StartSample, previousStart, samples);
            var end = Math.Clamp(word.EndSample, start, samples);
            fitted.Add(word with { StartSample = start, EndSample = end });
            previousStart = start;
        }

        return fitted;
    }

    /// <summary>Timings moved <paramref name="samples"/> later (a piece's, after the pieces before it).</summary>
    public static IEnumerable<WordTiming> Shifted(IEnumerable<WordTiming> words, int samples) =>
        words.Select(w => w with { StartSample = w.StartSample + samples, EndSample = w.EndSample + samples });
}
