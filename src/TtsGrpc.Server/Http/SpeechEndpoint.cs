using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using TtsGrpc.Core;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Server.Services;
using TtsGrpc.Server.Telemetry;

namespace TtsGrpc.Server.Http;

/// <summary>
/// POST /v1/audio/speech: the JSON request mapped onto the same domain request gRPC's Synthesize makes, admitted by
/// the same call limit, synthesized by the same pipeline and cache. The body streams chunk by chunk (each flushed, so
/// the first segment's audio leaves as soon as it is ready), or as server-sent events with stream_format "sse".
/// </summary>
internal sealed class SpeechEndpoint(
    SynthesisPipeline pipeline,
    RequestValidator validator,
    OpenAiVoices voices,
    CallLimiter limiter,
    HttpAuthorization authorization,
    ServerMetrics metrics,
    ILogger<SpeechEndpoint> logger)
{
    public const string Pattern = "/v1/audio/speech";
    private const string Route = "POST " + Pattern;

    public async Task HandleAsync(HttpContext context)
    {
        authorization.Check(context.Request);
        using var lease = limiter.Enter();
        var speech = SpeechRequest.Parse(await ReadBodyAsync(context));
        var request = ToDomain(speech);
        var aborted = context.RequestAborted;

        await using var chunks = pipeline.SynthesizeAsync(request, aborted).GetAsyncEnumerator(aborted);
        // The status can still be an error until the first chunk is ready: a refusal of the engine arrives here.
        if (!await chunks.MoveNextAsync())
        {
            throw new InvalidOperationException("The pipeline ended without a chunk.");
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = speech.Sse ? "text/event-stream" : speech.Format.ContentType;
        response.Headers["x-tts-voice"] = request.Reference?.Id ?? request.Voice.Id;
        response.Headers["x-tts-model"] = HeaderSafe(speech.Model);
        response.Headers["x-tts-sample-rate"] = SpeechFormat.SampleRate.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var events = speech.Sse ? new SpeechEvents(response.Body, speech.IncludeSegments) : null;
        SynthesisSummary? summary = null;
        do
        {
            var chunk = chunks.Current;
            if (events is not null)
            {
                await events.WriteAsync(chunk, aborted);
            }
            else if (chunk.Audio.Length > 0)
            {
                await response.Body.WriteAsync(chunk.Audio, aborted);
            }

            await response.Body.FlushAsync(aborted);
            summary = chunk.Summary ?? summary;
        }
        while (await chunks.MoveNextAsync());

        if (summary is not null)
        {
            if (events is not null)
            {
                await events.DoneAsync(summary, speech.Input, SpeechFormat.SampleRate, aborted);
            }

            HttpLog.Synthesized(
                logger, Route, summary.SegmentsTotal, summary.AudioSamples, request.Voice.Id, speech.Format.Name,
                summary.FirstAudioMilliseconds, summary.SynthesisMilliseconds);
            metrics.Synthesized(Route, summary.SegmentsTotal, summary.SegmentsCached, summary.FirstAudioMilliseconds, summary.SynthesisMilliseconds);
        }
    }

    /// <summary>The same domain request gRPC's ProtoMapper makes, every format at 24 kHz; errors named with the JSON field.</summary>
    private SynthesisRequest ToDomain(SpeechRequest speech)
    {
        try
        {
            validator.ValidateText(speech.Input);
        }
        catch (TtsException e)
        {
            throw HttpApiException.Invalid(e.Message.Replace("'text'", "\"input\"", StringComparison.Ordinal), "input");
        }

        var voice = voices.Resolve(speech.Voice);
        try
        {
            return validator.Validate(speech.Input, voice, "", speech.Format.Encoding, SpeechFormat.SampleRate, speech.Speed, 0, 0);
        }
        catch (TtsException e) when (e.Kind == TtsErrorKind.NotFound)
        {
            var named = voice.Equals(speech.Voice.Trim(), StringComparison.OrdinalIgnoreCase) ? $"'{speech.Voice}'" : $"'{speech.Voice}' (mapped to '{voice}')";
            throw new HttpApiException(
                StatusCodes.Status404NotFound,
                $"Voice {named} does not exist; GET /v1/audio/voices lists the voices: OpenAI names such as alloy, engine voices such as espeak:en-us, and created voices.",
                "voice", "voice_not_found");
        }
        catch (TtsException e) when (e.Kind == TtsErrorKind.FailedPrecondition)
        {
            throw HttpApiException.Invalid(e.Message, "voice");
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    /// <summary>The model as sent, reduced to characters a header may carry (it is echoed, not trusted).</summary>
    private static string HeaderSafe(string value)
    {
        var kept = value.Where(c => c is >= ' ' and <= '~').Take(64).ToArray();
        return new string(kept);
    }
}
