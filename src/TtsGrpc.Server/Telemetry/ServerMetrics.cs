using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Core.Engines.Piper;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Core.Voices;
using TtsGrpc.Server.Mapping;
using TtsGrpc.Server.Services;
using TtsGrpc.Storage;

namespace TtsGrpc.Server.Telemetry;

/// <summary>
/// The service's instruments (meter "TtsGrpc"). Calls and syntheses are counted as they end; cache,
/// queue and backend figures are read from their owners when a scrape asks. With metrics off no meter
/// exists and recording is a null check.
/// </summary>
internal sealed class ServerMetrics
{
    public const string MeterName = "TtsGrpc";

    private static readonly KeyValuePair<string, object?>[] Memory = [new("tier", "memory")];
    private static readonly KeyValuePair<string, object?>[] Disk = [new("tier", "disk")];
    private static readonly KeyValuePair<string, object?>[] Rendered = [new("tier", "rendered")];
    private static readonly KeyValuePair<string, object?>[] Shared = [new("tier", "shared")];
    private static readonly KeyValuePair<string, object?> FromCache = new("source", "cache");
    private static readonly KeyValuePair<string, object?> FromEngine = new("source", "engine");
    private static readonly KeyValuePair<string, object?>[] FromStore = [new("source", "store")];
    private static readonly KeyValuePair<string, object?>[] FromFile = [new("source", "file")];

    private readonly AudioCache _cache;
    private readonly Counter<long>? _calls;
    private readonly Counter<long>? _errors;
    private readonly Counter<long>? _segments;
    private readonly Histogram<double>? _firstAudio;
    private readonly Histogram<double>? _synthesis;

    public ServerMetrics(
        IMeterFactory meters, IOptions<MetricsOptions> options, AudioCache cache, ConditioningBatcher conditioning,
        SynthesisCounters synthesis, CallLimiter limiter, OutputStage output, LocalStore store, PiperEngine piper, PiperPhonemizer phonemizer,
        KokoroEngine? kokoro = null)
    {
        _cache = cache;
        if (!options.Value.Enabled)
        {
            return;
        }

        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>("tts.requests", "{call}", "gRPC calls finished, by method and status code.");
        _errors = meter.CreateCounter<long>("tts.request.errors", "{call}", "gRPC calls that ended with a status other than OK.");
        _segments = meter.CreateCounter<long>("tts.segments", "{segment}", "Segments streamed, by source: cache or engine.");
        _firstAudio = meter.CreateHistogram<double>("tts.synthesis.first_audio", "ms", "From the request to its first audio message.");
        _synthesis = meter.CreateHistogram<double>("tts.synthesis.duration", "ms", "From the request to its last audio message.");

        meter.CreateObservableCounter("tts.cache.hits", () => PerTier(s => s.Hits), "{segment}", "Cache lookups served, by tier.");
        meter.CreateObservableCounter("tts.cache.misses", () => PerTier(s => s.Misses), "{segment}", "Cache lookups not served, by tier.");
        meter.CreateObservableCounter("tts.cache.evictions", () => PerTier(s => s.Evictions), "{segment}", "Entries evicted for space, by tier.");
        meter.CreateObservableUpDownCounter("tts.cache.entries", () => PerTier(s => s.Entries), "{segment}", "Entries held, by tier.");
        meter.CreateObservableUpDownCounter("tts.cache.size", () => PerTier(s => s.StoredBytes), "By", "Bytes held (compressed on disk), by tier.");
        meter.CreateObservableCounter(
            "tts.cache.corrupt", () => WithShared(s => s.Disk.Corrupt, s => s.Corrupt), "{segment}", "Stored entries that failed their checksum and were removed, by tier (disk, shared).");
        meter.CreateObservableCounter(
            "tts.cache.write_failures", () => WithShared(s => s.Disk.WriteFailures, s => s.WriteFailures), "{write}",
            "Store writes that failed, by tier (disk, shared: dropped from a full queue too); the audio was still served.");
        if (cache.CurrentStatistics().SharedTier is not null)
        {
            AddShared(meter, cache);
        }

        // Created voices are user data: one lost to damage must show on a dashboard, not only in a log line.
        var opened = store.OpenReport;
        var names = ProtoMapper.ToProto(opened);
        KeyValuePair<string, object?>[] recovery = [new("mode", names.Mode), new("recovery", names.Recovery)];
        meter.CreateObservableGauge(
            "tts.store.voices_lost", () => new Measurement<long>(opened.VoicesLost ?? -1, recovery), "{voice}",
            "Created voices missing when the store opened, against its last count record (-1: unknown, the store was repaired or replaced); labels mode, recovery.");

        meter.CreateObservableUpDownCounter("tts.calls.active", () => limiter.Active, "{call}", "Synthesis calls in flight.");
        meter.CreateObservableUpDownCounter("tts.engine.pending", () => synthesis.EngineCallsPending, "{segment}", "Segments queued for or inside the engine.");
        meter.CreateObservableUpDownCounter("tts.render.queue", () => conditioning.Queued, "{segment}", "Segments waiting for the voice conditioning worker.");
        meter.CreateObservableUpDownCounter("tts.cache.write_queue", () => cache.CurrentStatistics().QueuedWrites, "{segment}", "Segments waiting to be written to the store.");

        meter.CreateObservableUpDownCounter("tts.piper.loaded_voices", () => piper.LoadedVoices, "{voice}", "Piper voice models loaded (at most Tts:Engines:Piper:MaxLoadedVoices).");
        meter.CreateObservableCounter(
            "tts.piper.skipped_phonemes", () => phonemizer.SkippedPhonemes, "{phoneme}", "Phonemes dropped because the voice's phoneme_id_map has no id for them.");
        meter.CreateObservableUpDownCounter(
            "tts.piper.unavailable_voices", () => piper.Library.Voices.Count(v => v.Problem is not null), "{voice}", "Piper voices installed but unusable (see ListVoices' unavailable_reason).");

        if (kokoro is not null)
        {
            AddKokoro(meter, kokoro);
        }

        // The backend the core actually runs on (Auto resolved), and whether Auto fell back to the CPU.
        KeyValuePair<string, object?>[] backend =
        [
            new("backend", output.BackendName),
            new("fallback", output.FallbackReason is null ? "false" : "true"),
        ];
        meter.CreateObservableGauge(
            "tts.backend", () => new Measurement<int>(1, backend), null, "The native core's backend in use (labels backend, fallback).");
    }

    /// <summary>A call ended with <paramref name="code"/> (OK included).</summary>
    public void CallEnded(string method, StatusCode code)
    {
        if (_calls is null)
        {
            return;
        }

        var tags = new TagList { { "method", method.TrimStart('/') }, { "code", StatusCodeNames.Of(code) } };
        _calls.Add(1, tags);
        if (code != StatusCode.OK)
        {
            _errors!.Add(1, tags);
        }
    }

    /// <summary>A synthesis call streamed all its audio.</summary>
    public void Synthesized(string method, int segments, int cachedSegments, double firstAudioMs, double totalMs)
    {
        if (_segments is null)
        {
            return;
        }

        _segments.Add(cachedSegments, FromCache);
        _segments.Add(segments - cachedSegments, FromEngine);
        var tag = new KeyValuePair<string, object?>("method", method.TrimStart('/'));
        if (firstAudioMs >= 0)
        {
            _firstAudio!.Record(firstAudioMs, tag);
        }

        _synthesis!.Record(totalMs, tag);
    }

    private static void AddKokoro(Meter meter, KokoroEngine kokoro)
    {
        var packs = kokoro.Packs;
        meter.CreateObservableCounter("tts.kokoro.pack_hits", () => packs.Statistics.Hits, "{pack}", "Kokoro voice pack lookups served from memory.");
        meter.CreateObservableCounter("tts.kokoro.pack_misses", () => packs.Statistics.Misses, "{pack}", "Kokoro voice pack lookups that read the store or the file, or computed a blend.");
        meter.CreateObservableCounter(
            "tts.kokoro.pack_loads",
            () =>
            {
                var stats = packs.Statistics;
                return new Measurement<long>[] { new(stats.StoreLoads, FromStore), new(stats.FileReads, FromFile) };
            },
            "{pack}",
            "Kokoro voice packs read after a miss, by source: the store, or the file when the store did not hold them intact.");
        meter.CreateObservableCounter("tts.kokoro.blends_computed", () => packs.Statistics.BlendsComputed, "{blend}", "Kokoro blends mixed from their parts.");
        meter.CreateObservableUpDownCounter("tts.kokoro.packs_in_memory", () => packs.Statistics.InMemory, "{pack}", "Kokoro voice packs held in memory, pinned ones included.");
        meter.CreateObservableUpDownCounter("tts.kokoro.pack_memory", () => packs.Statistics.MemoryBytes, "By", "Bytes the Kokoro voice packs in memory take (at most Tts:Engines:Kokoro:PackCacheBytes plus pinned packs).");
        meter.CreateObservableCounter("tts.kokoro.packs_corrupt", () => packs.Statistics.Corrupt, "{pack}", "Stored Kokoro voice packs that failed their checksum and were removed.");
        meter.CreateObservableCounter(
            "tts.kokoro.dropped_characters", () => kokoro.Phonemizer.DroppedCharacters, "{character}", "Phoneme characters dropped because the Kokoro vocabulary has no id for them.");
    }

    private Measurement<long>[] PerTier(Func<CacheTierStatistics, long> read)
    {
        var stats = _cache.CurrentStatistics();
        Measurement<long>[] tiers = [new(read(stats.Memory), Memory), new(read(stats.Disk), Disk), new(read(stats.Rendered), Rendered)];
        return stats.Shared is { } shared ? [.. tiers, new(read(shared), Shared)] : tiers;
    }

    private Measurement<long>[] WithShared(Func<AudioCacheStatistics, long> disk, Func<CacheTierStatistics, long> shared)
    {
        var stats = _cache.CurrentStatistics();
        Measurement<long> onDisk = new(disk(stats), Disk);
        return stats.Shared is { } tier ? [onDisk, new(shared(tier), Shared)] : [onDisk];
    }

    private static void AddShared(Meter meter, AudioCache cache)
    {
        SharedTierStatistics Read() => cache.CurrentStatistics().SharedTier!;
        meter.CreateObservableGauge("tts.cache.shared.connected", () => Read().Connected ? 1 : 0, null, "1 while a connection to the shared tier's server is up.");
        meter.CreateObservableCounter("tts.cache.shared.failures", () => Read().Failures, "{command}", "Shared tier commands that failed or timed out (the request went on without it).");
        meter.CreateObservableCounter("tts.cache.shared.skipped", () => Read().Skipped, "{command}", "Shared tier commands not sent because no connection was up.");
        meter.CreateObservableCounter("tts.cache.shared.leases", () => Read().LeasesTaken, "{lease}", "Leases taken to make a segment no tier had.");
        meter.CreateObservableCounter("tts.cache.shared.lease_waits", () => Read().LeaseWaits, "{segment}", "Lookups that waited for a segment another replica was making.");
        meter.CreateObservableCounter(
            "tts.cache.shared.lease_wait_timeouts", () => Read().LeaseWaitTimeouts, "{segment}", "Lease waits that ran past Tts:Cache:Redis:LeaseWait; the replica made the segment itself.");
        meter.CreateObservableCounter("tts.cache.shared.dropped_writes", () => Read().DroppedWrites, "{segment}", "Shared writes dropped because the write queue was full.");
        meter.CreateObservableUpDownCounter("tts.cache.shared.write_queue", () => Read().QueuedWrites, "{segment}", "Segments waiting to be written to the shared tier.");
    }
}
