using Google.Protobuf;
using TtsGrpc.Core;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Core.Voices;
using TtsGrpc.Storage;
using Proto = TtsGrpc.Protos.V1;

namespace TtsGrpc.Server.Mapping;

/// <summary>The edge between protobuf messages and domain types.</summary>
internal static class ProtoMapper
{
    /// <summary>Validates a request; with <paramref name="textFollows"/> (StreamingSynthesize) its text may be empty.</summary>
    public static SynthesisRequest ToDomain(Proto.SynthesizeRequest request, RequestValidator validator, bool textFollows = false)
    {
        var format = request.Format ?? new Proto.AudioFormat();
        return validator.Validate(
            request.Text, request.Voice, request.Language, ToDomain(format.Encoding), format.SampleRateHz,
            request.Speed, request.PitchSemitones, request.Exaggeration, ToDomain(request.CacheMode), textFollows,
            request.EnableWordTimestamps);
    }

    public static Core.Caching.CacheMode ToDomain(Proto.CacheMode mode) => mode switch
    {
        Proto.CacheMode.Unspecified or Proto.CacheMode.Use => Core.Caching.CacheMode.Use,
        Proto.CacheMode.Bypass => Core.Caching.CacheMode.Bypass,
        Proto.CacheMode.Refresh => Core.Caching.CacheMode.Refresh,
        Proto.CacheMode.CachedOnly => Core.Caching.CacheMode.CachedOnly,
        _ => throw TtsException.Invalid(
            $"Cache mode {(int)mode} is unknown; use USE (1), BYPASS (2), REFRESH (3) or CACHED_ONLY (4)."),
    };

    public static Proto.CacheTierStats ToProto(Core.Caching.CacheTierStatistics stats) => new()
    {
        Hits = stats.Hits,
        Misses = stats.Misses,
        HitRatio = stats.HitRatio,
        Entries = stats.Entries,
        RawBytes = stats.RawBytes,
        StoredBytes = stats.StoredBytes,
        CompressionRatio = stats.CompressionRatio,
        Evictions = stats.Evictions,
        CorruptEntries = stats.Corrupt,
        InflightDedupes = stats.InflightDedupes,
        WriteFailures = stats.WriteFailures,
    };

    public static Proto.SharedTierStats ToProto(Core.Caching.SharedTierStatistics stats) => new()
    {
        Connected = stats.Connected,
        LeasesTaken = stats.LeasesTaken,
        LeaseWaits = stats.LeaseWaits,
        LeaseWaitTimeouts = stats.LeaseWaitTimeouts,
        Writes = stats.Writes,
        DroppedWrites = stats.DroppedWrites,
        OversizedValues = stats.OversizedValues,
        Failures = stats.Failures,
        Skipped = stats.Skipped,
        StateChanges = stats.StateChanges,
        QueuedWrites = stats.QueuedWrites,
    };

    public static Core.Audio.AudioEncoding ToDomain(Proto.AudioEncoding encoding) => encoding switch
    {
        Proto.AudioEncoding.Unspecified or Proto.AudioEncoding.Linear16 => Core.Audio.AudioEncoding.Linear16,
        Proto.AudioEncoding.Float32 => Core.Audio.AudioEncoding.Float32,
        Proto.AudioEncoding.Mulaw => Core.Audio.AudioEncoding.Mulaw,
        Proto.AudioEncoding.Wav => Core.Audio.AudioEncoding.Wav,
        Proto.AudioEncoding.Alaw => Core.Audio.AudioEncoding.Alaw,
        Proto.AudioEncoding.OggOpus => Core.Audio.AudioEncoding.OggOpus,
        Proto.AudioEncoding.Mp3 => Core.Audio.AudioEncoding.Mp3,
        Proto.AudioEncoding.Flac => Core.Audio.AudioEncoding.Flac,
        _ => throw TtsException.Invalid(
            $"Audio encoding {(int)encoding} is unknown; use LINEAR16 (1), FLOAT32 (2), MULAW (3), WAV (4), OGG_OPUS (5), MP3 (6), FLAC (7) or ALAW (8)."),
    };

    public static Proto.SynthesizeResponse ToProto(AudioChunk chunk, int sampleRate)
    {
        var response = new Proto.SynthesizeResponse
        {
            // The chunk's bytes are never written again, so the message can borrow them.
            Audio = UnsafeByteOperations.UnsafeWrap(chunk.Audio),
            SegmentIndex = chunk.SegmentIndex,
            Cached = chunk.Cached,
            SampleRateHz = sampleRate,
        };
        if (chunk.SegmentText is not null)
        {
            response.SegmentText = chunk.SegmentText;
        }

        if (chunk.Summary is { } summary)
        {
            response.Summary = new Proto.SynthesisSummary
            {
                SegmentsTotal = summary.SegmentsTotal,
                SegmentsCached = summary.SegmentsCached,
                AudioSamples = summary.AudioSamples,
                SynthesisMs = summary.SynthesisMilliseconds,
                FirstAudioMs = summary.FirstAudioMilliseconds,
                WordTimestampsUnavailable = summary.WordTimestampsUnavailable,
            };
        }

        if (chunk.Words is { } words)
        {
            foreach (var word in words)
            {
                response.Words.Add(new Proto.WordTimestamp
                {
                    Word = word.Word,
                    StartMs = word.StartMilliseconds,
                    EndMs = word.EndMilliseconds,
                    TextOffset = word.TextOffset,
                    TextLength = word.TextLength,
                });
            }
        }

        return response;
    }

    public static Proto.VoiceCacheStats ToProto(VoiceStatistics stats) => new()
    {
        Hits = stats.Hits,
        Misses = stats.Misses,
        Loads = stats.Loads,
        LoadMs = stats.LoadMilliseconds,
        Evictions = stats.Evictions,
        Analyses = stats.Analyses,
        InMemory = stats.InMemory,
        Pinned = stats.Pinned,
        Corrupt = stats.Corrupt,
    };

    public static Proto.VoicePackStats ToProto(KokoroPackStatistics stats) => new()
    {
        Voices = stats.Voices,
        Hits = stats.Hits,
        Misses = stats.Misses,
        StoreLoads = stats.StoreLoads,
        FileReads = stats.FileReads,
        BlendsComputed = stats.BlendsComputed,
        InMemory = stats.InMemory,
        MemoryBytes = stats.MemoryBytes,
        Pinned = stats.Pinned,
        Evictions = stats.Evictions,
        Stored = stats.Stored,
        Corrupt = stats.Corrupt,
    };

    /// <summary>How the store opened; the voices it recovered and lost at start go into <see cref="Proto.VoiceCacheStats"/>.</summary>
    public static Proto.StoreOpenStats ToProto(StoreOpenReport report) => new()
    {
        Mode = report.Mode switch
        {
            StoreMode.ReadWrite => "read_write",
            StoreMode.ReadOnly => "read_only",
            _ => "disabled",
        },
        Recovery = report.Recovery switch
        {
            StoreRecovery.None => "none",
            StoreRecovery.Repaired => "repaired",
            _ => "replaced",
        },
        Problem = report.Problem ?? "",
        DamagedCopy = report.DamagedCopy ?? "",
        ExpectedSegments = report.ExpectedSegments ?? -1,
        ExpectedVoices = report.ExpectedVoices ?? -1,
        Segments = report.Segments,
        Voices = report.Voices,
        LastShutdownClean = report.LastShutdownClean,
    };

    public static Proto.ValidateCacheResponse ToProto(ValidationReport audio, ValidationReport voices) => new()
    {
        Scanned = audio.Scanned,
        Corrupt = audio.Corrupt,
        Removed = audio.Removed,
        MissingBlobFiles = audio.MissingBlobFiles,
        Error = audio.Error ?? "",
        VoicesScanned = voices.Scanned,
        VoicesCorrupt = voices.Corrupt,
        VoicesRemoved = voices.Removed,
        VoicesError = voices.Error ?? "",
        RepairAtNextStart = audio.RepairAtNextStart || voices.RepairAtNextStart,
    };

    public static Proto.Voice ToProto(CreatedVoice voice)
    {
        var profile = voice.Profile;
        var message = new Proto.Voice
        {
            Id = voice.Id,
            Name = voice.Name,
            Language = voice.Language,
            Builtin = false,
            Profile = new Proto.VoiceProfileSummary
            {
                F0MedianHz = profile.F0MedianHz,
                F0P10Hz = profile.F0P10Hz,
                F0P90Hz = profile.F0P90Hz,
                DurationS = profile.DurationSeconds,
                LoudnessDbfs = profile.LoudnessDbfs,
                VoicedRatio = profile.VoicedRatio,
            },
            Description = voice.Description,
            CreatedUnixMs = voice.Created.ToUnixTimeMilliseconds(),
            Engine = "created",
            BaseVoice = voice.BaseVoice,
        };
        if (voice.Language.Length > 0)
        {
            message.Languages.Add(voice.Language);
        }

        return message;
    }

    public static Proto.Voice ToProto(EngineVoice voice)
    {
        var message = new Proto.Voice
        {
            Id = voice.Id,
            Name = voice.Name,
            Language = voice.Language,
            Builtin = true,
            Gender = voice.Gender,
            Engine = voice.Engine,
            Quality = voice.Quality,
            SampleRateHz = voice.SampleRate,
            UnavailableReason = voice.Unavailable ?? "",
        };
        message.Languages.Add(voice.Languages);
        message.Speakers.Add(voice.Speakers);
        return message;
    }
}
