using Grpc.Core;
using TtsGrpc.Core;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Core.Voices;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server.Mapping;
using TtsGrpc.Storage;

namespace TtsGrpc.Server.Services;

/// <summary>tts.v1.CacheAdmin: statistics, per-segment status, clearing and validation of the audio cache.</summary>
[BindServiceMethod(typeof(CacheAdminService), nameof(BindService))]
internal sealed class CacheAdminService(
    AudioCache cache, VoiceRegistry voices, SynthesisPipeline pipeline, RequestValidator validator, LocalStore store, KokoroEngine? kokoro = null)
    : CacheAdmin.CacheAdminBase
{
    public static void BindService(ServiceBinderBase binder, CacheAdmin.CacheAdminBase? service) =>
        CacheAdmin.BindService(new ParsingBinder(binder), service);

    public override async Task<CacheStats> GetCacheStats(GetCacheStatsRequest request, ServerCallContext context)
    {
        // Waiting for queued writes makes the figures exact; a caller with a deadline gets them by then in any
        // case, as they stand once a quarter of its time is spent.
        var maxWait = context.Deadline == DateTime.MaxValue
            ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromTicks(Math.Max(0, (context.Deadline - DateTime.UtcNow).Ticks / 4));
        var stats = await cache.StatisticsAsync(maxWait, context.CancellationToken);
        var opened = store.OpenReport;
        var voiceStats = ProtoMapper.ToProto(voices.Statistics);
        voiceStats.RecoveredAtStart = opened.Voices;
        voiceStats.LostAtStart = opened.VoicesLost ?? -1;
        return new CacheStats
        {
            Memory = ProtoMapper.ToProto(stats.Memory),
            Disk = ProtoMapper.ToProto(stats.Disk),
            Voices = voiceStats,
            Rendered = ProtoMapper.ToProto(stats.Rendered),
            QueuedWrites = stats.QueuedWrites,
            Store = ProtoMapper.ToProto(opened),
            VoicePacks = kokoro is null ? null : ProtoMapper.ToProto(kokoro.Packs.Statistics),
            Shared = stats.Shared is { } shared ? ProtoMapper.ToProto(shared) : null,
            SharedTier = stats.SharedTier is { } tier ? ProtoMapper.ToProto(tier) : null,
        };
    }

    public override async Task<GetCacheStatusResponse> GetCacheStatus(SynthesizeRequest request, ServerCallContext context)
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
                Cached = await cache.ContainsAsync(key, context.CancellationToken), // the shared tier too: CACHED_ONLY would serve it
            });
        }

        return response;
    }

    public override async Task<ClearCacheResponse> ClearCache(ClearCacheRequest request, ServerCallContext context)
    {
        var (memory, disk) = request.Scope switch
        {
            CacheScope.Memory => (true, false),
            CacheScope.Disk => (false, true),
            CacheScope.All => (true, true),
            // An empty request must not wipe the cache: the caller says what to clear.
            CacheScope.Unspecified => throw TtsException.Invalid(
                "ClearCache needs a scope: CACHE_SCOPE_MEMORY, CACHE_SCOPE_DISK or CACHE_SCOPE_ALL; nothing was cleared."),
            _ => throw TtsException.Invalid(
                $"Cache scope {(int)request.Scope} is unknown; use CACHE_SCOPE_MEMORY, CACHE_SCOPE_DISK or CACHE_SCOPE_ALL."),
        };
        var removed = await cache.ClearAsync(memory, disk, context.CancellationToken);
        // Voice profiles live in memory only as a cache of the store; keep_preloaded keeps the pinned ones.
        var removedVoices = memory ? voices.ClearMemory(keepPinned: request.KeepPreloaded) : 0;
        var removedPacks = memory && kokoro is not null ? kokoro.Packs.Clear(keepPinned: request.KeepPreloaded) : 0;
        return new ClearCacheResponse { RemovedEntries = removed + removedVoices + removedPacks };
    }

    public override async Task<ValidateCacheResponse> ValidateCache(ValidateCacheRequest request, ServerCallContext context)
    {
        var report = await cache.ValidateAsync(context.CancellationToken);
        var response = ProtoMapper.ToProto(report, voices.Validate());
        var packs = store.Embeddings.Validate();
        response.EmbeddingsScanned = packs.Scanned;
        response.EmbeddingsCorrupt = packs.Corrupt;
        response.EmbeddingsRemoved = packs.Removed;
        return response;
    }
}
