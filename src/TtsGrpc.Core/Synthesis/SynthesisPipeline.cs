using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Segmentation;
using TtsGrpc.Core.Voices;

namespace TtsGrpc.Core.Synthesis;

/// <summary>
/// text -> segments -> the cache (which serves each segment or, on a miss, has the engine make it, and
/// encodes it) -> chunks, in text order. A few segments are prepared ahead of the one being sent so the
/// engine never waits on the network; when the caller stops reading (cancellation, error) the work ahead
/// is cancelled.
/// </summary>
public sealed class SynthesisPipeline(
    VoiceCatalog voices,
    AudioCache cache,
    VoiceConditioner conditioner,
    SynthesisCounters counters,
    IOptions<SynthesisOptions> options)
{
    private readonly SynthesisOptions _options = options.Value;

    public IReadOnlyList<TextSegment> Segment(string text) => TextSegmenter.Split(text, _options.MaxSegmentChars);

    /// <summary>The whole request as one stream: its last chunk carries a container format's closing bytes.</summary>
    public async IAsyncEnumerable<AudioChunk> SynthesizeAsync(SynthesisRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stream = new SynthesisStream(request.Format);
        await foreach (var chunk in SynthesizeAsync(request, Segment(request.Text), stream, end: true, cancellationToken))
        {
            yield return chunk;
        }
    }

    /// <summary>
    /// Synthesizes given segments of a request (chunks carry each segment's own index) onto <paramref name="stream"/>,
    /// which a stream made of several calls passes to each: one WAV header, one container encoder, one clock for
    /// word timestamps. With <paramref name="end"/> the last chunk also carries <see cref="SynthesisStream.Finish"/>;
    /// otherwise the caller sends it when the stream ends.
    /// </summary>
    public async IAsyncEnumerable<AudioChunk> SynthesizeAsync(
        SynthesisRequest request, IReadOnlyList<TextSegment> segments, SynthesisStream stream, bool end,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (request.CacheMode == CacheMode.CachedOnly)
        {
            await RequireAllCachedAsync(segments, request, cancellationToken);
        }

        using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<Task<SegmentAudio>>();
        SegmentAudio? current = null;
        var next = 0;
        long samples = 0;
        var cachedSegments = 0;
        double firstAudioMs = -1;
        try
        {
            for (var index = 0; index < segments.Count; index++)
            {
                while (next < segments.Count && pending.Count <= _options.Lookahead)
                {
                    pending.Enqueue(PrepareAsync(segments[next++], request, ahead.Token));
                }

                current = await pending.Dequeue();
                var key = KeyOf(segments[index], request);
                var segmentSamples = current.Bytes.Length / request.Format.CacheFormat.BytesPerSample;
                samples += segmentSamples;
                cachedSegments += current.Cached ? 1 : 0;
                var words = request.WordTimestamps ? stream.Place(segments[index], current.Words, current.Cached, request.Voice.SampleRate) : null;
                var chunks = Chunk(current.Bytes, request.Format.CacheFormat, stream.TakeHeader());
                var chunkSamples = ChunkSamples(request.Format);
                for (var c = 0; c < chunks.Count; c++)
                {
                    if (firstAudioMs < 0)
                    {
                        firstAudioMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }

                    var last = index == segments.Count - 1 && c == chunks.Count - 1;
                    var summary = last
                        ? new SynthesisSummary(segments.Count, cachedSegments, samples, Stopwatch.GetElapsedTime(started).TotalMilliseconds, firstAudioMs)
                        {
                            WordTimestampsUnavailable = stream.WordsNote(request),
                        }
                        : null;
                    var audio = stream.Encode(chunks[c], key);
                    if (last && end && request.Format.Stream is not null)
                    {
                        audio = (byte[])[.. audio.Span, .. stream.Finish()];
                    }

                    yield return new AudioChunk(segments[index].Index, audio, c == 0 ? segments[index].Text : null, current.Cached, summary)
                    {
                        Samples = (int)Math.Min(chunkSamples, segmentSamples - ((long)c * chunkSamples)),
                        Words = WordsOfChunk(words, c, chunks.Count, stream, chunkSamples),
                    };
                }

                stream.Sent(segmentSamples);

                // The consumer has written every chunk of this segment by the time it asks for the next.
                current.Release();
                current = null;
            }
        }
        finally
        {
            current?.Release();
            await ahead.CancelAsync();
            while (pending.TryDequeue(out var abandoned))
            {
                _ = abandoned.ContinueWith(
                    static t =>
                    {
                        if (t.IsCompletedSuccessfully)
                        {
                            t.Result.Release();
                        }

                        return t.Exception;
                    },
                    TaskScheduler.Default);
            }
        }
    }

    /// <summary>The cache key of a segment of this request.</summary>
    public SegmentKey KeyOf(TextSegment segment, SynthesisRequest request) =>
        SegmentKey.For(voices.EngineOf(request.Voice), request.VoiceKey, segment.SpeakText, request.Prosody, request.Exaggeration, request.Language);

    private async Task RequireAllCachedAsync(IReadOnlyList<TextSegment> segments, SynthesisRequest request, CancellationToken cancellationToken)
    {
        foreach (var segment in segments)
        {
            if (!await cache.ContainsAsync(KeyOf(segment, request), cancellationToken))
            {
                throw new TtsException(
                    TtsErrorKind.FailedPrecondition,
                    $"Segment {segment.Index} (\"{segment.SpeakText}\") is not cached; CACHED_ONLY serves only stored audio. " +
                    "Synthesize it once with cache mode USE first.");
            }
        }
    }

    /// <summary>
    /// The words of a segment (placed on the stream's clock before its audio was counted) whose first sample is in
    /// chunk <paramref name="chunk"/>: each word goes out with the message that holds its first sample.
    /// </summary>
    private static List<WordTimestamp>? WordsOfChunk(List<WordTimestamp>? words, int chunk, int chunks, SynthesisStream stream, int chunkSamples)
    {
        if (words is null)
        {
            return null;
        }

        var segmentStartMs = stream.Samples * 1000.0 / stream.Format.SampleRate;
        int ChunkOf(WordTimestamp word) =>
            Math.Min(chunks - 1, (int)((word.StartMilliseconds - segmentStartMs) * stream.Format.SampleRate / 1000 / chunkSamples));
        return [.. words.Where(word => ChunkOf(word) == chunk)];
    }

    /// <summary>A segment's audio in the request's format, from the cache or, through it, the engine.</summary>
    private Task<SegmentAudio> PrepareAsync(TextSegment segment, SynthesisRequest request, CancellationToken cancellationToken)
    {
        var engine = voices.EngineOf(request.Voice);
        return cache.GetOrCreateAsync(
            new SegmentRequest(
                KeyOf(segment, request), request.CacheMode, request.Format.CacheFormat, request.Voice.SampleRate, engine.Id + " " + engine.Version, segment.SpeakText,
                NeedsWords: request.WordTimestamps && request.Voice.UntimedReason is null),
            token => SynthesizeAsync(engine, segment, request, token),
            cancellationToken);
    }

    private async Task<SpokenClip> SynthesizeAsync(ISpeechEngine engine, TextSegment segment, SynthesisRequest request, CancellationToken cancellationToken)
    {
        counters.EngineCallStarted();
        try
        {
            return await SynthesizeOnceAsync(engine, segment, request, cancellationToken);
        }
        finally
        {
            counters.EngineCallEnded();
        }
    }

    private async Task<SpokenClip> SynthesizeOnceAsync(ISpeechEngine engine, TextSegment segment, SynthesisRequest request, CancellationToken cancellationToken)
    {
        if (request.Reference is not { } reference)
        {
            return (await engine.SynthesizeAsync([segment.SpeakText], request.Voice, request.Prosody, cancellationToken))[0];
        }

        var prosody = await conditioner.ProsodyForAsync(request, reference, cancellationToken);
        var spoken = (await engine.SynthesizeAsync([segment.SpeakText], request.Voice, prosody, cancellationToken))[0];
        // Conditioning shapes the spectrum and keeps the length, so the words stay where they were.
        return spoken with { Pcm = await conditioner.ConditionAsync(spoken.Pcm, request, reference, cancellationToken) };
    }

    private int ChunkSamples(OutputFormat format) => Math.Max(1, format.SampleRate * _options.ChunkMilliseconds / 1000);

    /// <summary>
    /// Splits a segment's bytes into messages of at most ChunkMilliseconds of audio, on sample boundaries. With
    /// <paramref name="header"/> the first message starts with the WAV header (a small copy of one chunk).
    /// </summary>
    private List<ReadOnlyMemory<byte>> Chunk(ReadOnlyMemory<byte> audio, OutputFormat format, bool header)
    {
        var chunkBytes = ChunkSamples(format) * format.BytesPerSample;
        var chunks = new List<ReadOnlyMemory<byte>>(audio.Length / chunkBytes + 1);
        for (var offset = 0; offset < audio.Length; offset += chunkBytes)
        {
            chunks.Add(audio.Slice(offset, Math.Min(chunkBytes, audio.Length - offset)));
        }

        if (chunks.Count == 0)
        {
            chunks.Add(ReadOnlyMemory<byte>.Empty); // a silent segment still reports its text
        }

        if (header)
        {
            var first = new byte[WavHeader.Size + chunks[0].Length];
            WavHeader.Write(first, format.SampleRate);
            chunks[0].Span.CopyTo(first.AsSpan(WavHeader.Size));
            chunks[0] = first;
        }

        return chunks;
    }
}
