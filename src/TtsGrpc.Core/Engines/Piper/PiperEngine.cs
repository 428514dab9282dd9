using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Core.Engines.Piper.Internal;

namespace TtsGrpc.Core.Engines.Piper;

/// <summary>
/// Piper (VITS) voices on ONNX Runtime. Text becomes ids the way Piper makes them (espeak-ng IPA, Piper's pads),
/// one model run per segment with the voice's own scales (length_scale / speed for speed), and the float
/// waveform becomes PCM16 with Piper's peak normalisation at the voice's own rate. Pitch, which the model has no
/// control for, is moved afterwards by libsonic. A voice whose model has the alignment output (w_ceil: frames of
/// <see cref="HopSamples"/> per id) times each word from the first frame of its first phoneme's ids to the last of
/// its last phoneme's, the pad after each phoneme counted with it (<see cref="PhonemeWords"/>).
/// </summary>
public sealed class PiperEngine : ISpeechEngine, IDisposable
{
    /// <summary>Samples per frame of every Piper voice (its decoder's upsampling rates multiply to 256).</summary>
    public const int HopSamples = 256;

    private const string Prefix = "piper:";
    private readonly PiperVoiceLibrary _library;
    private readonly PiperPhonemizer _phonemizer;
    private readonly PiperSessions _sessions;
    private readonly SemaphoreSlim _runs;
    private readonly ILogger<PiperEngine> _logger;

    public PiperEngine(
        PiperVoiceLibrary library, PiperPhonemizer phonemizer, IOptions<PiperOptions> options, ILogger<PiperEngine> logger, bool useCuda = false)
    {
        _library = library;
        _phonemizer = phonemizer;
        _logger = logger;
        var settings = options.Value;
        _sessions = new PiperSessions(settings.MaxLoadedVoices, settings.IntraOpThreads, useCuda, logger);
        _runs = new SemaphoreSlim(settings.ParallelRuns, settings.ParallelRuns);
        Version = string.Create(
            CultureInfo.InvariantCulture, $"ids {PiperPhonemizer.Version}, onnxruntime {OrtEnv.Instance().GetVersionString()}, {EspeakVersion()}");
    }

    public string Id => "piper";

    public string Name => "piper";

    public string Version { get; }

    public PiperVoiceLibrary Library => _library;

    /// <summary>Models loaded now.</summary>
    public int LoadedVoices => _sessions.Loaded;

    public IReadOnlyList<EngineVoice> Voices => [.. _library.Voices.Select(files => ToVoice(files, speaker: null))];

    /// <summary>"&lt;stem&gt;" or "&lt;stem&gt;/&lt;speaker name or number&gt;".</summary>
    public EngineVoice? Find(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var stem = slash < 0 ? name : name[..slash];
        if (_library.Get(stem) is not { } files)
        {
            return null;
        }

        if (slash < 0 || files.Config is null)
        {
            return ToVoice(files, speaker: null);
        }

        var wanted = name[(slash + 1)..];
        var speakers = files.Config.Speakers;
        var index = speakers.ToList().FindIndex(s => s.Equals(wanted, StringComparison.OrdinalIgnoreCase));
        if (index < 0 && int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < Math.Max(1, speakers.Count))
        {
            index = number;
        }

        return index >= 0 ? ToVoice(files, index) : throw new TtsException(
            TtsErrorKind.NotFound,
            speakers.Count == 0
                ? $"Voice '{Prefix}{stem}' has one speaker; name it without '/{wanted}'."
                : $"Voice '{Prefix}{stem}' has no speaker '{wanted}'; its speakers are {string.Join(", ", speakers)} (or their numbers 0 to {speakers.Count - 1}).");
    }

    public async Task<IReadOnlyList<SpokenClip>> SynthesizeAsync(
        IReadOnlyList<string> texts, EngineVoice voice, Prosody prosody, CancellationToken cancellationToken)
    {
        var files = _library.Get(voice.EngineKey) ?? throw new TtsException(
            TtsErrorKind.NotFound, $"Voice '{voice.Id}' was removed from {_library.Directory}. Call ListVoices for the available voices.");
        var config = files.Config ?? throw Unusable(voice, files.Problem);
        var timed = files.HasAlignment;
        var clips = new SpokenClip[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var phonemes = timed
                ? await _phonemizer.ToTimedIdsAsync(texts[i], config, cancellationToken)
                : await _phonemizer.ToIdsAsync(texts[i], config, cancellationToken);
            if (phonemes.Skipped > 0)
            {
                PiperLog.SkippedPhonemes(_logger, voice.Id, phonemes.Skipped);
            }

            if (phonemes.Ids.Length <= 3)
            {
                // ^ _ $ alone: nothing to say (Piper skips such a sentence; some graphs fail below 5 ids)
                clips[i] = new SpokenClip([], timed ? [] : null);
                continue;
            }

            var (audio, frames) = await RunAsync(files, phonemes.Ids, config, voice.Speaker, prosody.Speed, timed, cancellationToken);
            var pcm = ToPcm16(audio);
            List<WordTiming>? words = null;
            if (timed)
            {
                // An empty list where the words could not be matched, or the model gave no frames after all.
                words = phonemes.Words is { } said && frames is not null
                    ? WordIds.Timings(said, [.. frames.Select(f => (long)MathF.Round(f) * HopSamples)], idOffset: 0, pcm.Length)
                    : [];
            }

            if (prosody.PitchSemitones != 0)
            {
                var shifted = SonicNative.ShiftPitch(pcm, config.SampleRate, prosody.PitchSemitones);
                words = words is null ? null : WordIds.Scaled(words, pcm.Length, shifted.Length);
                pcm = shifted;
            }

            clips[i] = new SpokenClip(pcm, words);
        }

        return clips;
    }

    public void Dispose()
    {
        _sessions.Dispose();
        _runs.Dispose();
    }

    /// <summary>
    /// Piper's own conversion: scale so the loudest sample is full scale (never more than 100x, so near-silence
    /// stays quiet), then truncate to int16.
    /// </summary>
    internal static short[] ToPcm16(ReadOnlySpan<float> audio)
    {
        var peak = 0f;
        foreach (var x in audio)
        {
            peak = Math.Max(peak, Math.Abs(x));
        }

        var scale = short.MaxValue / Math.Max(0.01f, peak);
        var pcm = new short[audio.Length];
        for (var i = 0; i < audio.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(audio[i] * scale, short.MinValue, short.MaxValue);
        }

        return pcm;
    }

    private async Task<(float[] Audio, float[]? Frames)> RunAsync(
        PiperVoiceFiles files, long[] ids, PiperVoiceConfig config, int speaker, float speed, bool aligned, CancellationToken cancellationToken)
    {
        PiperSession session;
        try
        {
            session = await _sessions.AcquireAsync(files, cancellationToken);
        }
        catch (PiperVoiceException e)
        {
            PiperLog.BadVoice(_logger, Prefix + files.Stem, e.Message);
            throw new TtsException(TtsErrorKind.FailedPrecondition, $"Voice '{Prefix}{files.Stem}' cannot be used: {e.Message}.");
        }

        try
        {
            // Runs queue in arrival order, so a request's first segment is never overtaken by the ones prepared after it.
            await _runs.WaitAsync(cancellationToken);
            try
            {
                // The run stops itself when cancelled (a cancelled look-ahead segment would otherwise hold the cores
                // that the next request's first segment waits for).
                return await Task.Run(
                    () => session.Run(ids, config.NoiseScale, config.LengthScale / speed, config.NoiseW, speaker, aligned, cancellationToken),
                    CancellationToken.None);
            }
            catch (OnnxRuntimeException e)
            {
                throw new TtsException(
                    TtsErrorKind.FailedPrecondition, $"Voice '{Prefix}{files.Stem}' failed to run in ONNX Runtime ({files.ModelPath}): {e.Message.Trim()}.");
            }
            finally
            {
                _runs.Release();
            }
        }
        finally
        {
            session.Release();
        }
    }

    private EngineVoice ToVoice(PiperVoiceFiles files, int? speaker)
    {
        var config = files.Config;
        var speakers = config?.Speakers ?? [];
        var index = speaker ?? config?.DefaultSpeakerId ?? 0;
        var id = speaker is null || speakers.Count == 0 ? Prefix + files.Stem : $"{Prefix}{files.Stem}/{speakers[index]}";
        var language = config?.Language ?? "";
        var languages = config is null ? [] : new[] { language, config.EspeakVoice }.Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return new EngineVoice(id, files.Stem, language, languages, "", files.Stem)
        {
            Engine = Name,
            SampleRate = config?.SampleRate ?? 0,
            Speakers = speaker is null ? speakers : [],
            Speaker = index,
            Quality = config?.Quality ?? "",
            Identity = config is null ? "" : string.Create(
                CultureInfo.InvariantCulture,
                $"model={files.ModelSha256};config={files.ConfigSha256};speaker={index};scales={config.NoiseScale},{config.LengthScale},{config.NoiseW}"),
            Unavailable = files.Problem,
            UntimedReason = files.HasAlignment ? null
                : $"the Piper model {Path.GetFileName(files.ModelPath)} has no alignment output (w_ceil, the frames of each phoneme id), so its " +
                  "words cannot be timed; piper's patch_voice_with_alignment.py adds it (python3 -m piper.patch_voice_with_alignment MODEL.onnx)",
        };
    }

    private static TtsException Unusable(EngineVoice voice, string? problem) =>
        new(TtsErrorKind.FailedPrecondition, $"Voice '{voice.Id}' cannot be used: {problem}.");

    private static string EspeakVersion() =>
        "espeak-ng " + Espeak.Internal.EspeakLibrary.Shared.Version;
}
