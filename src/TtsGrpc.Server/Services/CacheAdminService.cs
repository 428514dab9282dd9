using Grpc.Core;
using TtsGrpc.Core;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Core.Voices;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server.Mapping;

namespace TtsGrpc.Server.Services;

/// <summary>tts.v1.CacheAdmin: statistics, per-segment status, clearing and validation of the audio cache.</summary>
[BindServiceMethod(typeof(CacheAdminService), nameof(BindService))]
internal sealed class CacheAdminService(AudioCache cache, VoiceRegistry voices, SynthesisPipeline pipeline, RequestValidator validator)
    : CacheAdmin.CacheAdminBase
{
    public static void BindService(ServiceBinderBase binder, CacheAdmin.CacheAdminBase? service) =>
        CacheAdmin.BindService(new ParsingBinder(binder), service);

    public override Task<CacheStats> GetCacheStats(GetCacheStatsRequest request, ServerCallContext context)
    {
        var (memory, disk) = cache.Statistics();
        return Task.FromResult(new CacheStats
        {
            Memory = ProtoMapper.ToProto(memory),
            Disk = ProtoMapper.ToProto(disk),
            Voices = ProtoMapper.ToProto(voices.Statistics),
            Rendered = ProtoMapper.ToProto(cache.Rendered.Statistics()),
        });
    }

    public override Task<GetCacheStatusResponse> GetCacheStatus(SynthesizeRequest request, ServerCallContext context)
    {
        var synthesis = ProtoMapper.ToDomain(request, validator);
        var response = new GetCacheStatusResponse();
        foreach (var segment in pipeline.Segment(synthesis.Text))
        {
            var key = pipeline.KeyOf(segment, synthesis);
            response.Segments.Add(new SegmentStatus
            {
                Index = segment.Index,
                Text = segment.Text,
                Key = key.Hex,
                Cached = cache.Contains(key),
            });
        }

        return Task.FromResult(response);
    }

    public override Task<ClearCacheResponse> ClearCache(ClearCacheRequest request, ServerCallContext context)
    {
        var (memory, disk) = request.Scope switch
        {
            CacheScope.Memory => (true, false),
            CacheScope.Disk => (false, true),
            CacheScope.All or CacheScope.Unspecified => (true, true),
            _ => throw TtsException.Invalid($"Cache scope {(int)request.Scope} is unknown; use MEMORY, DISK or ALL."),
        };
        // Voice profiles live in memory only as a cache of the store; keep_preloaded keeps the pinned ones.
        var removedVoices = memory ? voices.ClearMemory(keepPinned: request.KeepPreloaded) : 0;
        return Task.FromResult(new ClearCacheResponse { RemovedEntries = cache.Clear(memory, disk) + removedVoices });
    }

    public override Task<ValidateCacheResponse> ValidateCache(ValidateCacheRequest request, ServerCallContext context)
    {
        var report = cache.Validate();
        var voiceReport = voices.Validate();
        return Task.FromResult(new ValidateCacheResponse
        {
            Scanned = report.Scanned,
            Corrupt = report.Corrupt,
            Removed = report.Removed,
            VoicesScanned = voiceReport.Scanned,
            VoicesCorrupt = voiceReport.Corrupt,
            VoicesRemoved = voiceReport.Removed,
        });
    }
}
