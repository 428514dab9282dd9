using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Segmentation;

namespace TtsGrpc.Core.Synthesis;

/// <summary>
/// text -> segments -> engine -> output stage -> chunks, in text order. A few segments are synthesized
/// ahead of the one being sent so the engine never waits on the network; when the caller stops reading
/// (cancellation, error) the work ahead is cancelled.
/// </summary>
public sealed class SynthesisPipeline(ISpeechEngine engine, OutputStage output, IOptions<SynthesisOptions> options)
{
    private readonly SynthesisOptions _options = options.Value;

    public IReadOnlyList<TextSegment> Segment(string text) => TextSegmenter.Split(text, _options.MaxSegmentChars);

    public async IAsyncEnumerable<AudioChunk> SynthesizeAsync(
        SynthesisRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var segments = Segment(request.Text);
        using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<Task<RenderedSegment>>();
        var next = 0;
        long samples = 0;
        double firstAudioMs = -1;
        try
        {
            for (var index = 0; index < segments.Count; index++)
            {
                while (next < segments.Count && pending.Count <= _options.Lookahead)
                {
                    pending.Enqueue(RenderAsync(segments[next++], request, ahead.Token));
                }

                var rendered = await pending.Dequeue();
                var audio = rendered.Audio;
                if (index == 0 && request.Format.Encoding == AudioEncoding.Wav)
                {
                    audio = [.. WavHeader.Create(request.Format.SampleRate), .. audio];
                }

                samples += rendered.Audio.Length / request.Format.BytesPerSample;
                var chunks = Chunk(audio, request.Format);
                for (var c = 0; c < chunks.Count; c++)
                {
                    if (firstAudioMs < 0)
                    {
                        firstAudioMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }

                    var last = index == segments.Count - 1 && c == chunks.Count - 1;
                    var summary = last
                        ? new SynthesisSummary(segments.Count, 0, samples, Stopwatch.GetElapsedTime(started).TotalMilliseconds, firstAudioMs)
                        : null;
                    yield return new AudioChunk(index, chunks[c], c == 0 ? segments[index].Text : null, false, summary);
                }
            }
        }
        finally
        {
            await ahead.CancelAsync();
            while (pending.TryDequeue(out var abandoned))
            {
                _ = abandoned.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            }
        }
    }

    private async Task<RenderedSegment> RenderAsync(TextSegment segment, SynthesisRequest request, CancellationToken cancellationToken)
    {
        var clips = await engine.SynthesizeAsync([segment.SpeakText], request.Voice, request.Prosody, cancellationToken);
        return new RenderedSegment(output.Render(clips[0], engine.SampleRate, request.Format));
    }

    /// <summary>Splits a segment's bytes into messages of at most ChunkMilliseconds of audio, on sample boundaries.</summary>
    private List<ReadOnlyMemory<byte>> Chunk(byte[] audio, OutputFormat format)
    {
        var chunkBytes = Math.Max(1, format.SampleRate * _options.ChunkMilliseconds / 1000) * format.BytesPerSample;
        var chunks = new List<ReadOnlyMemory<byte>>(audio.Length / chunkBytes + 1);
        for (var offset = 0; offset < audio.Length; offset += chunkBytes)
        {
            chunks.Add(audio.AsMemory(offset, Math.Min(chunkBytes, audio.Length - offset)));
        }

        if (chunks.Count == 0)
        {
            chunks.Add(ReadOnlyMemory<byte>.Empty); // a silent segment still reports its text
        }

        return chunks;
    }

    private sealed record RenderedSegment(byte[] Audio);
}
