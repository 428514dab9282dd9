using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Caching;
using TtsGrpc.Storage;

namespace TtsGrpc.Core.Voices;

/// <summary>
/// Created voices: analysis once per distinct upload (concurrent uploads of the same bytes share it),
/// profiles persisted in the store, an in-memory LRU bounded in bytes in front, and pinned
/// (preloaded) voices held in memory until unpinned.
/// </summary>
public sealed class VoiceRegistry
{
    private readonly VoiceStore _store;
    private readonly VoiceAnalyzer _analyzer;
    private readonly ILogger<VoiceRegistry> _logger;
    private readonly LruCache<CreatedVoice> _memory;
    private readonly ConcurrentDictionary<string, CreatedVoice> _pinned = new();
    private readonly SingleFlight<CreatedVoice> _creations = new();
    private long _hits;
    private long _misses;
    private long _loads;
    private long _loadTicks;
    private long _analyses;

    public VoiceRegistry(VoiceStore store, VoiceAnalyzer analyzer, IOptions<VoiceOptions> options, ILogger<VoiceRegistry> logger)
    {
        _store = store;
        _analyzer = analyzer;
        _logger = logger;
        _memory = new LruCache<CreatedVoice>(options.Value.MemoryCapacityBytes, v => v.Profile.SizeBytes + 256);
    }

    public VoiceStatistics Statistics => new(
        Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _loads),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _loadTicks)).TotalMilliseconds, _memory.Evictions,
        Interlocked.Read(ref _analyses), _memory.Count, _pinned.Count)
    {
        Corrupt = _store.Corrupt,
    };

    /// <summary>Analyses and stores an upload; the same bytes again return the existing voice without analysis.</summary>
    public async Task<CreatedVoice> CreateAsync(VoiceUpload upload, CancellationToken cancellationToken)
    {
        var id = VoiceId.For(upload.Audio.Span, VoiceAnalyzer.AnalysisVersion, upload.BaseVoice);
        if (Find(id) is { } existing)
        {
            return existing;
        }

        return await _creations.RunAsync(id, async token =>
        {
            if (Find(id) is { } stored)
            {
                return stored;
            }

            Interlocked.Increment(ref _analyses);
            var profile = await Task.Run(() => _analyzer.Analyze(upload.Audio.Span), token);
            var voice = new CreatedVoice(id, upload.Name, upload.Language, upload.Description, DateTimeOffset.UtcNow, profile) { BaseVoice = upload.BaseVoice };
            if (!_store.TryPut(ToStored(voice)))
            {
                throw new TtsException(TtsErrorKind.Unavailable, "The voice could not be stored; the server's data directory refused the write. Retry later.");
            }

            _memory.Put(id, voice);
            VoiceLog.Created(_logger, id, upload.Name, profile.F0MedianHz, profile.DurationSeconds);
            return voice;
        }, cancellationToken);
    }

    /// <summary>The voice with this id from memory or the store; null when there is none (or it was corrupt).</summary>
    public CreatedVoice? Find(string id)
    {
        if ((_pinned.GetValueOrDefault(id) ?? _memory.TryGet(id)) is { } hit)
        {
            Interlocked.Increment(ref _hits);
            return hit;
        }

        Interlocked.Increment(ref _misses);
        var started = Stopwatch.GetTimestamp();
        var voice = _store.TryGet(id) is { } stored ? FromStored(stored) : null;
        if (voice is not null)
        {
            Interlocked.Increment(ref _loads);
            Interlocked.Add(ref _loadTicks, Stopwatch.GetTimestamp() - started);
            _memory.Put(id, voice);
        }

        return voice;
    }

    /// <summary>Checks every stored voice record; damaged ones are removed and counted (see <see cref="VoiceStatistics.Corrupt"/>).</summary>
    public ValidationReport Validate() => _store.Validate();

    public IReadOnlyList<CreatedVoice> List() =>
        [.. _store.List().Select(FromStored).OfType<CreatedVoice>()];

    public bool Delete(string id)
    {
        _memory.Remove(id);
        _pinned.TryRemove(id, out _);
        return _store.Remove(id);
    }

    /// <summary>Loads and pins voices; returns how many loaded and which ids do not exist.</summary>
    public (int Loaded, IReadOnlyList<string> Missing) Preload(IEnumerable<string> ids)
    {
        var loaded = 0;
        var missing = new List<string>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (Find(id) is { } voice)
            {
                _pinned[id] = voice;
                _store.SetPinned(id, pinned: true);
                loaded++;
            }
            else
            {
                missing.Add(id);
            }
        }

        return (loaded, missing);
    }

    /// <summary>Start-up: configured ids plus the pins that were persisted before.</summary>
    public (int Loaded, IReadOnlyList<string> Missing) PreloadAtStart(IEnumerable<string> configured) =>
        Preload(configured.Concat(_store.PinnedIds()));

    /// <summary>Empties the in-memory tier; pinned voices stay unless <paramref name="keepPinned"/> is false.</summary>
    public long ClearMemory(bool keepPinned)
    {
        var removed = _memory.Clear();
        if (!keepPinned)
        {
            removed += _pinned.Count;
            _pinned.Clear();
        }

        return removed;
    }

    private static StoredVoice ToStored(CreatedVoice voice) =>
        new(voice.Id, voice.Name, voice.Language, voice.Description, voice.Created, VoiceProfileCodec.Serialize(voice.Profile)) { BaseVoice = voice.BaseVoice };

    private CreatedVoice? FromStored(StoredVoice stored)
    {
        var profile = VoiceProfileCodec.Deserialize(stored.Profile);
        if (profile is null)
        {
            VoiceLog.Unreadable(_logger, stored.Id);
            return null;
        }

        return new CreatedVoice(stored.Id, stored.Name, stored.Language, stored.Description, stored.Created, profile) { BaseVoice = stored.BaseVoice };
    }
}
