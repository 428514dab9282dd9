using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using TtsGrpc.Core;
using TtsGrpc.Core.Segmentation;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server.Interceptors;
using TtsGrpc.Server.Logging;
using TtsGrpc.Server.Mapping;

namespace TtsGrpc.Server.Services;

/// <summary>StreamingSynthesize: text arrives in pieces; each sentence is spoken as soon as it closes.</summary>
internal sealed partial class TextToSpeechService
{
    public override async Task StreamingSynthesize(
        IAsyncStreamReader<StreamingSynthesizeRequest> requestStream, IServerStreamWriter<SynthesizeResponse> responseStream,
        ServerCallContext context)
    {
        var token = context.CancellationToken;
        using var lease = limiter.Enter(context);
        using var input = new IdleInput<StreamingSynthesizeRequest>(requestStream, TimeSpan.FromSeconds(options.Value.IdleTimeoutSeconds), token);
        if (!await NextAsync(input, context) || requestStream.Current.ContentCase != StreamingSynthesizeRequest.ContentOneofCase.Config)
        {
            throw TtsException.Invalid(
                "The first message must carry the config (a SynthesizeRequest: voice, format, speed...); text pieces follow it.");
        }

        var first = requestStream.Current;
        using var stream = new StreamState(ProtoMapper.ToDomain(first.Config, validator, textFollows: true), options.Value);
        try
        {
            await SpeakAsync(stream, stream.Append(first.Config.Text), responseStream, token);
            // A flush before any words would speak a blank segment; the blank text waits for the words.
            if (first.Flush && stream.HasWords)
            {
                await SpeakAsync(stream, stream.Segmenter.Flush(), responseStream, token);
            }

            while (await NextAsync(input, context))
            {
                var message = requestStream.Current;
                if (message.ContentCase == StreamingSynthesizeRequest.ContentOneofCase.Config)
                {
                    throw TtsException.Invalid("Only the first message may carry the config; later messages carry text.");
                }

                stream.CheckLength(message.Text.Length);
                await SpeakAsync(stream, stream.Append(message.Text), responseStream, token);
                if (message.Flush && stream.HasWords)
                {
                    await SpeakAsync(stream, stream.Segmenter.Flush(), responseStream, token);
                }
            }

            if (!stream.HasWords)
            {
                throw TtsException.Invalid("No text arrived; send the words to speak in 'text' messages after the config.");
            }

            await SpeakAsync(stream, stream.Segmenter.Flush(), responseStream, token);

            var summary = stream.Summary();
            // The last message closes a container stream (the encoder's tail, Opus' end-trimmed last page).
            await responseStream.WriteAsync(
                new SynthesizeResponse
                {
                    Audio = UnsafeByteOperations.UnsafeWrap(stream.Output.Finish()), SampleRateHz = stream.Request.Format.SampleRate, Summary = summary,
                },
                token);
            metrics.Synthesized(context.Method, summary.SegmentsTotal, summary.SegmentsCached, summary.FirstAudioMs, summary.SynthesisMs);
        }
        catch (Exception e) when (ClientEnded.Explains(e, context))
        {
            // The client left (cancelled, reset the stream, deadline): end quietly, as Synthesize does.
        }
    }

    /// <summary>
    /// The next message, or DEADLINE_EXCEEDED when the client sent nothing within Tts:Synthesis:IdleTimeoutSeconds.
    /// Audio for the segments already released was written before this wait began, so it reached the client.
    /// </summary>
    private async Task<bool> NextAsync(IdleInput<StreamingSynthesizeRequest> input, ServerCallContext context)
    {
        try
        {
            return await input.MoveNextAsync();
        }
        catch (OperationCanceledException) when (input.TimedOut)
        {
            var seconds = options.Value.IdleTimeoutSeconds;
            var detail = $"No text for {seconds} s; send text or flush within Tts:Synthesis:IdleTimeoutSeconds ({seconds} s), or end the input.";
            ServerLog.Refused(logger, context.Method, StatusCode.DeadlineExceeded, detail);
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, detail));
        }
    }

    private async Task SpeakAsync(
        StreamState stream, IReadOnlyList<TextSegment> segments, IServerStreamWriter<SynthesizeResponse> responseStream, CancellationToken token)
    {
        if (segments.Count == 0)
        {
            return;
        }

        var request = stream.Request;
        await foreach (var chunk in pipeline.SynthesizeAsync(request, segments, stream.Output, end: false, token))
        {
            stream.Count(chunk);
            // One summary closes the whole stream, so the per-part ones are left out.
            await responseStream.WriteAsync(ProtoMapper.ToProto(chunk with { Summary = null }, request.Format.SampleRate), token);
        }
    }

    /// <summary>What one StreamingSynthesize call has received and sent so far.</summary>
    private sealed class StreamState(SynthesisRequest request, SynthesisOptions options) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly HashSet<int> _segments = [];
        private readonly HashSet<int> _cached = [];
        private long _samples;
        private double _firstAudioMs = -1;

        public SynthesisRequest Request { get; } = request;

        /// <summary>One WAV header and one clock for word timestamps across every part of the stream.</summary>
        public SynthesisStream Output { get; } = new(request.Format);

        public IncrementalSegmenter Segmenter { get; } = new(options.MaxSegmentChars);

        /// <summary>Whether any piece so far had something to speak (not only whitespace or control characters).</summary>
        public bool HasWords { get; private set; }

        public IReadOnlyList<TextSegment> Append(string text)
        {
            HasWords |= TextSegmenter.HasWords(text);
            return Segmenter.Append(text);
        }

        public void CheckLength(int more)
        {
            if (Segmenter.Length + more > options.MaxTextLength)
            {
                throw TtsException.Invalid($"The streamed text passed the limit of {options.MaxTextLength} characters; start a new call.");
            }
        }

        public void Count(AudioChunk chunk)
        {
            if (_firstAudioMs < 0)
            {
                _firstAudioMs = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
            }

            _segments.Add(chunk.SegmentIndex);
            if (chunk.Cached)
            {
                _cached.Add(chunk.SegmentIndex);
            }

            _samples += chunk.Samples;
        }

        public void Dispose() => Output.Dispose();

        public Protos.V1.SynthesisSummary Summary() => new()
        {
            SegmentsTotal = _segments.Count,
            SegmentsCached = _cached.Count,
            AudioSamples = _samples,
            SynthesisMs = Stopwatch.GetElapsedTime(_started).TotalMilliseconds,
            FirstAudioMs = _firstAudioMs,
            WordTimestampsUnavailable = Output.WordsNote(Request),
        };
    }
}
