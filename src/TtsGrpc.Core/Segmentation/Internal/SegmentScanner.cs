namespace TtsGrpc.Core.Segmentation.Internal;

/// <summary>
/// The one segmentation algorithm: <see cref="TextSegmenter.Split"/> runs it over a whole text and
/// <see cref="IncrementalSegmenter"/> over text that grows piece by piece, so the two agree by construction.
/// It reads each character once, left to right, as a small state machine; every decision uses only
/// characters already read, and where it would need one that has not arrived it waits (answers false)
/// unless the text is final. A segment is a span [start, end) of the text; the rules are on
/// <see cref="TextSegmenter"/>.
/// </summary>
internal sealed class SegmentScanner(int maxSegmentChars)
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "mt", "ft", "no", "nos", "fig", "figs",
        "approx", "dept", "est", "inc", "ltd", "co", "corp", "gen", "gov", "sen", "rep", "rev", "capt",
        "col", "lt", "sgt", "e.g", "i.e", "cf", "al", "ca", "vol", "vols", "pp", "ch", "sec", "ave", "blvd",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup =
        Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    private State _state = State.Leading;
    private int _next;
    private int _sentenceStart;
    private int _bodyStart;
    private int _terminator;
    private int _newlines;

    private enum State
    {
        /// <summary>Whitespace before the first character of the segment (only at the text's start or after a flush).</summary>
        Leading,

        /// <summary>Inside the segment's words.</summary>
        Body,

        /// <summary>A whitespace run inside the segment, counting newlines: the second one is a blank line.</summary>
        Space,

        /// <summary>A run of terminators and closers that started at <see cref="_terminator"/>.</summary>
        Run,

        /// <summary>Whitespace after a run: the next word decides whether the sentence ended.</summary>
        Gap,

        /// <summary>The segment has ended; its end waits for the whitespace after it to end.</summary>
        Absorb,
    }

    /// <summary>Where the segment being scanned starts: the end of the last one returned.</summary>
    public int SegmentStart { get; private set; }

    /// <summary>Whether everything after <see cref="SegmentStart"/> that has been scanned is whitespace.</summary>
    public bool AtLeadingWhitespace => _state == State.Leading;

    /// <summary>
    /// Scans on through <paramref name="text"/>, all text so far (a longer text on each call, never a
    /// different one), and returns the end of the next segment once the text read confirms it. With
    /// <paramref name="final"/> the text ends where it stops: the rest is one last segment and the next
    /// characters, if any come, start a new sentence.
    /// </summary>
    public bool TryNext(ReadOnlySpan<char> text, bool final, out int end)
    {
        while (_next < text.Length)
        {
            var i = _next;
            var c = text[i];
            switch (_state)
            {
                case State.Leading:
                    if (!char.IsWhiteSpace(c))
                    {
                        _bodyStart = i;
                        _state = State.Body;
                        continue;
                    }

                    break;
                case State.Absorb:
                    if (!char.IsWhiteSpace(c))
                    {
                        end = Close(i, sentenceEnds: true);
                        return true;
                    }

                    break;
                case State.Space or State.Gap:
                    if (char.IsWhiteSpace(c))
                    {
                        if (c == '\n' && ++_newlines == 2)
                        {
                            _state = State.Absorb; // a blank line always ends the segment
                        }

                        break;
                    }

                    if (_state == State.Gap && IsSentenceBreak(text, i))
                    {
                        end = Close(i, sentenceEnds: true);
                        return true;
                    }

                    _state = State.Body;
                    continue;
                case State.Run when char.IsWhiteSpace(c):
                    _state = State.Gap;
                    _newlines = 0;
                    continue;
                case State.Run when !IsTerminator(c) && !IsCloser(c):
                    _state = State.Body; // "3.5", "x.y": no break
                    continue;
                case State.Body when char.IsWhiteSpace(c):
                    _state = State.Space;
                    _newlines = 0;
                    continue;
                default:
                    // A character of the segment's words (Body, or the rest of a Run).
                    if (i - _bodyStart >= maxSegmentChars)
                    {
                        end = Close(Cut(text, i), sentenceEnds: false);
                        return true;
                    }

                    if (_state == State.Body && IsTerminator(c))
                    {
                        _terminator = i;
                        _state = State.Run;
                    }

                    break;
            }

            _next++;
        }

        if (!final || SegmentStart == text.Length)
        {
            end = 0;
            return false;
        }

        end = Close(text.Length, sentenceEnds: true);
        return true;
    }

    private int Close(int end, bool sentenceEnds)
    {
        SegmentStart = end;
        if (sentenceEnds)
        {
            _sentenceStart = end;
        }

        // After a cut this rescans at most two-thirds of a segment, so the scan stays linear.
        _next = end;
        _state = State.Leading;
        return end;
    }

    /// <summary>
    /// Whether the run at <see cref="_terminator"/> ends the sentence, now that <paramref name="nextWord"/>,
    /// the first character after the whitespace that follows it, is known.
    /// </summary>
    private bool IsSentenceBreak(ReadOnlySpan<char> text, int nextWord)
    {
        if (char.IsLower(text[nextWord]))
        {
            return false; // "she asked", "e.g. apples": the sentence goes on
        }

        // The run is followed by whitespace, so the character after the terminator has arrived.
        if (text[_terminator] != '.' || text[_terminator + 1] == '.')
        {
            return true;
        }

        var wordStart = _terminator;
        while (wordStart > _sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]) && !IsOpener(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text[wordStart.._terminator];
        var isInitial = word.Length == 1 && char.IsUpper(word[0]);
        return !isInitial && !AbbreviationLookup.Contains(word);
    }

    /// <summary>
    /// Where to end a segment whose words reached <paramref name="overflow"/>, the first character past the
    /// cap: after the last clause mark and its whitespace in the last two-thirds of the allowed span, else
    /// after the last whitespace there, else at the cap. Reads only text before <paramref name="overflow"/>.
    /// </summary>
    private int Cut(ReadOnlySpan<char> text, int overflow)
    {
        var limit = _bodyStart + maxSegmentChars;
        var space = -1;
        // limit itself counts: whitespace there means the words before it fill the cap exactly.
        for (var i = limit; i > _bodyStart + maxSegmentChars / 3; i--)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                continue;
            }

            if (",;:—–)".Contains(text[i - 1], StringComparison.Ordinal))
            {
                space = i;
                break;
            }

            if (space < 0)
            {
                space = i;
            }
        }

        if (space < 0)
        {
            return char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        }

        // The whitespace goes with the segment before the cut; it ends by overflow, which is not whitespace.
        while (space < overflow && char.IsWhiteSpace(text[space]))
        {
            space++;
        }

        return space;
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…' or '。' or '！' or '？';

    private static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '»' or '」';

    private static bool IsOpener(char c) => c is '"' or '\'' or '“' or '‘' or '(' or '[' or '«' or '「';
}
