using Grpc.Core;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Core.Voices;
using TtsGrpc.Server.Interceptors;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server.Logging;
using TtsGrpc.Server.Mapping;
using TtsGrpc.Server.Telemetry;

namespace TtsGrpc.Server.Services;

/// <summary>tts.v1.TextToSpeech: streams audio segment by segment as it is made.</summary>
[BindServiceMethod(typeof(TextToSpeechService), nameof(BindService))]
internal sealed partial class TextToSpeechService(
    SynthesisPipeline pipeline,
    RequestValidator validator,
    VoiceCatalog voices,
    VoiceRegistry created,
    IOptions<SynthesisOptions> options,
    CallLimiter limiter,
    ServerMetrics metrics,
    ILogger<TextToSpeechService> logger)
    : TextToSpeech.TextToSpeechBase
{
    public static void BindService(ServiceBinderBase binder, TextToSpeech.TextToSpeechBase? service) =>
        TextToSpeech.BindService(new ParsingBinder(binder), service);

    public override async Task Synthesize(
        SynthesizeRequest request, IServerStreamWriter<SynthesizeResponse> responseStream, ServerCallContext context)
    {
        using var lease = limiter.Enter(context);
        var synthesis = ProtoMapper.ToDomain(request, validator);
        var rate = synthesis.Format.SampleRate;
        try
        {
            await foreach (var chunk in pipeline.SynthesizeAsync(synthesis, context.CancellationToken))
            {
                await responseStream.WriteAsync(ProtoMapper.ToProto(chunk, rate), context.CancellationToken);
                if (chunk.Summary is { } summary)
                {
                    ServerLog.Synthesized(logger, summary.SegmentsTotal, summary.AudioSamples, summary.FirstAudioMilliseconds, summary.SynthesisMilliseconds);
                    metrics.Synthesized(
                        context.Method, summary.SegmentsTotal, summary.SegmentsCached, summary.FirstAudioMilliseconds, summary.SynthesisMilliseconds);
                }
            }
        }
        catch (Exception e) when (ClientEnded.Explains(e, context))
        {
            // The client left or its deadline passed (a cancelled wait, or a write that met the finished
            // stream): nobody reads a status now, so end quietly instead of paying for a chain of rethrows.
        }
    }

    /// <summary>Every voice, or those of one language and/or one engine ("espeak", "piper", "created").</summary>
    public override Task<ListVoicesResponse> ListVoices(ListVoicesRequest request, ServerCallContext context)
    {
        var engine = request.Engine.Trim();
        var response = new ListVoicesResponse();
        response.Voices.Add(voices.ForLanguage(request.Language).Where(v => IsOfEngine(EngineOf(v.Id), engine)).Select(ProtoMapper.ToProto));
        if (IsOfEngine(CreatedEngine, engine))
        {
            response.Voices.Add(created.List()
                .Where(v => string.IsNullOrWhiteSpace(request.Language) || v.Language.StartsWith(request.Language, StringComparison.OrdinalIgnoreCase))
                .Select(ProtoMapper.ToProto));
        }

        return Task.FromResult(response);
    }

    /// <summary>What ListVoices calls the engine of created voices.</summary>
    private const string CreatedEngine = "created";

    /// <summary>An engine voice's id starts with its engine's name: "espeak:en-us", "piper:en_US-lessac-medium".</summary>
    private static string EngineOf(string voiceId) => voiceId.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? voiceId[..colon] : "";

    private static bool IsOfEngine(string voiceEngine, string wanted) =>
        wanted.Length == 0 || voiceEngine.Equals(wanted, StringComparison.OrdinalIgnoreCase);
}
