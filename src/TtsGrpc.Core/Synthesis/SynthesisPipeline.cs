using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Segmentation;
using TtsGrpc.Core.Voices;

namespace TtsGrpc.Core.Synthesis;

/// <summary>
/// text -> segments -> cache or engine -> output stage -> chunks, in text order. A few segments are
/// prepared ahead of the one being sent so the engine never waits on the network; when the caller
/// stops reading (cancellation, error) the work ahead is cancelled. Concurrent calls that miss the
/// same segment share one synthesis.
/// </summary>
public sealed class SynthesisPipeline(
    ISpeechEngine engine,
    OutputStage output,
    AudioCache cache,
    VoiceConditioner conditioner,
    SynthesisCounters counters,
    IOptions<SynthesisOptions> options)
{
    private readonly SynthesisOptions _options = options.Value;

    public IReadOnlyList<TextSegment> Segment(string text) => TextSegmenter.Split(text, _options.MaxSegmentChars);

    public IAsyncEnumerable<AudioChunk> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken) =>
        SynthesizeAsync(request, Segment(request.Text), wavHeader: true, cancellationToken);

    /// <summary>
    /// Synthesizes given segments of a request (chunks carry each segment's own index); a WAV header
    /// leads the first chunk only when <paramref name="wavHeader"/> is set, so a stream made of several
    /// calls carries one header.
    /// </summary>
    public async IAsyncEnumerable<AudioChunk> SynthesizeAsync(
        SynthesisRequest request, IReadOnlyList<TextSegment> segments, bool wavHeader,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (request.CacheMode == CacheMode.CachedOnly)
        {
            RequireAllCached(segments, request);
        }

        using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<Task<RenderedSegment>>();
        RenderedSegment? current = null;
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
                    var header = next == 0 && wavHeader && request.Format.Encoding == AudioEncoding.Wav ? WavHeader.Size : 0;
                    pending.Enqueue(RenderAsync(segments[next++], request, header, ahead.Token));
                }

                current = await pending.Dequeue();
                samples += current.AudioBytes / request.Format.BytesPerSample;
                cachedSegments += current.Cached ? 1 : 0;
                var chunks = Chunk(current.Bytes, request.Format);
                for (var c = 0; c < chunks.Count; c++)
                {
                    if (firstAudioMs < 0)
                    {
                        firstAudioMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }

                    var last = index == segments.Count - 1 && c == chunks.Count - 1;
                    var summary = last
                        ? new SynthesisSummary(segments.Count, cachedSegments, samples, Stopwatch.GetElapsedTime(started).TotalMilliseconds, firstAudioMs)
                        : null;
                    yield return new AudioChunk(segments[index].Index, chunks[c], c == 0 ? segments[index].Text : null, current.Cached, summary);
                }

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
        SegmentKey.For(engine, request.VoiceKey, segment.SpeakText, request.Prosody, request.Exaggeration, request.Language);

    private void RequireAllCached(IReadOnlyList<TextSegment> segments, SynthesisRequest request)
    {
        foreach (var segment in segments)
        {
            if (!cache.Contains(KeyOf(segment, request)))
            {
                throw new TtsException(
                    TtsErrorKind.FailedPrecondition,
                    $"Segment {segment.Index} (\"{segment.SpeakText}\") is not cached; CACHED_ONLY serves only stored audio. " +
                    "Synthesize it once with cache mode USE first.");
            }
        }
    }

    /// <summary>
    /// A segment's audio in the request's format, sent from where it is: the master itself when the format is
    /// the engine's LINEAR16, else its rendered-tier entry, encoded and kept there on a miss (neither is written
    /// to once made). Only a first segment that carries the WAV header, and audio that is not kept (BYPASS),
    /// are assembled in a pooled buffer: segments are large enough to land on the large object heap, and a
    /// fresh array per call would cost full collections.
    /// </summary>
    private async Task<RenderedSegment> RenderAsync(TextSegment segment, SynthesisRequest request, int header, CancellationToken cancellationToken)
    {
        SegmentKey? key = request.CacheMode == CacheMode.Bypass ? null : KeyOf(segment, request);
        var (pcm, cached) = await MasterAsync(segment, key, request, cancellationToken);
        var copy = OutputStage.IsCopy(engine.SampleRate, request.Format);
        byte[]? encoded = null;
        if (key is { } k && !copy)
        {
            encoded = cached ? cache.Rendered.TryGet(k, request.Format, pcm) : null;
            if (encoded is null)
            {
                encoded = output.Render(pcm, engine.SampleRate, request.Format);
                cache.Rendered.Put(k, request.Format, pcm, encoded);
            }
        }

        if (header == 0 && (copy || encoded is not null))
        {
            ReadOnlyMemory<byte> audio = encoded ?? pcm.AsMemory().AsBytes();
            return new RenderedSegment(audio, null, audio.Length, cached);
        }

        var audioBytes = encoded?.Length ?? OutputStage.EncodedLength(pcm.Length, engine.SampleRate, request.Format);
        var buffer = ArrayPool<byte>.Shared.Rent(header + audioBytes);
        try
        {
            if (header > 0)
            {
                WavHeader.Write(buffer, request.Format.SampleRate);
            }

            var audio = buffer.AsSpan(header, audioBytes);
            if (encoded is not null)
            {
                encoded.CopyTo(audio);
            }
            else
            {
                output.Render(pcm, engine.SampleRate, request.Format, audio);
            }

            return new RenderedSegment(buffer.AsMemory(0, header + audioBytes), buffer, audioBytes, cached);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The segment's PCM master at the engine rate, from the cache or the engine as the mode says.</summary>
    private async Task<(short[] Pcm, bool Cached)> MasterAsync(
        TextSegment segment, SegmentKey? segmentKey, SynthesisRequest request, CancellationToken cancellationToken)
    {
        if (segmentKey is not { } key)
        {
            return (await SynthesizeAsync(segment, request, cancellationToken), false);
        }

        if (request.CacheMode != CacheMode.Refresh && cache.TryGet(key) is { } hit)
        {
            return (hit, true);
        }

        if (request.CacheMode == CacheMode.CachedOnly)
        {
            throw new TtsException(TtsErrorKind.FailedPrecondition, $"Segment {segment.Index} left the cache while the call ran; retry.");
        }

        var flightKey = request.CacheMode == CacheMode.Refresh ? key.Hex + ":refresh" : key.Hex;
        var pcm = await cache.Flights.RunAsync(
            flightKey,
            async token =>
            {
                // Another flight may have stored it since our lookup; Contains first, so a miss is counted once.
                if (request.CacheMode != CacheMode.Refresh && cache.Contains(key) && cache.TryGet(key) is { } stored)
                {
                    return stored;
                }

                var fresh = await SynthesizeAsync(segment, request, token);
                cache.Put(key, fresh, engine.SampleRate, engine.Id + " " + engine.Version, segment.SpeakText);
                return fresh;
            },
            cancellationToken);
        return (pcm, false);
    }

    private async Task<short[]> SynthesizeAsync(TextSegment segment, SynthesisRequest request, CancellationToken cancellationToken)
    {
        counters.EngineCallStarted();
        try
        {
            return await SynthesizeOnceAsync(segment, request, cancellationToken);
        }
        finally
        {
            counters.EngineCallEnded();
        }
    }

    private async Task<short[]> SynthesizeOnceAsync(TextSegment segment, SynthesisRequest request, CancellationToken cancellationToken)
    {
        if (request.Reference is not { } reference)
        {
            return (await engine.SynthesizeAsync([segment.SpeakText], request.Voice, request.Prosody, cancellationToken))[0];
        }

        var prosody = await conditioner.ProsodyForAsync(request, reference, cancellationToken);
        var spoken = await engine.SynthesizeAsync([segment.SpeakText], request.Voice, prosody, cancellationToken);
        return await conditioner.RenderAsync(spoken[0], request, reference, cancellationToken);
    }

    /// <summary>Splits a segment's bytes into messages of at most ChunkMilliseconds of audio, on sample boundaries.</summary>
    private List<ReadOnlyMemory<byte>> Chunk(ReadOnlyMemory<byte> audio, OutputFormat format)
    {
        var chunkBytes = Math.Max(1, format.SampleRate * _options.ChunkMilliseconds / 1000) * format.BytesPerSample;
        var chunks = new List<ReadOnlyMemory<byte>>(audio.Length / chunkBytes + 1);
        for (var offset = 0; offset < audio.Length; offset += chunkBytes)
        {
            chunks.Add(audio.Slice(offset, Math.Min(chunkBytes, audio.Length - offset)));
        }

        if (chunks.Count == 0)
        {
            chunks.Add(ReadOnlyMemory<byte>.Empty); // a silent segment still reports its text
        }

        return chunks;
    }

    /// <summary>
    /// An encoded segment: <see cref="Bytes"/> are valid until <see cref="Release"/>, which gives
    /// <see cref="Pooled"/> back to the pool when the bytes live there.
    /// </summary>
    private sealed record RenderedSegment(ReadOnlyMemory<byte> Bytes, byte[]? Pooled, int AudioBytes, bool Cached)
    {
        public void Release()
        {
            if (Pooled is not null)
            {
                ArrayPool<byte>.Shared.Return(Pooled);
            }
        }
    }
}
