using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Core.Segmentation;

namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>
/// Kokoro-82M on ONNX Runtime: voices are packs of style embeddings (<see cref="KokoroVoicePacks"/>, blends too).
/// A segment becomes ids (<see cref="KokoroPhonemizer"/>), one run per at most 510 ids with the pack's row for the
/// id count, and 24 kHz audio clamped to PCM16 (Kokoro's output is already in [-1, 1]; no normalisation, as its
/// runtimes do). A segment with more ids is cut at clause breaks, then spaces, and its pieces' audio joined. A model
/// whose speed input is an integer runs at 1 and is stretched by libsonic for other speeds, never truncated. A model
/// with a duration output times each word: from the first frame of its first id to the last of its last id (ids of
/// its phonemes, <see cref="PhonemeWords"/>), scaled with any stretch, on the clock of the joined pieces.
/// </summary>
public sealed class KokoroEngine : ISpeechEngine, IDisposable
{
    private const string Prefix = "kokoro:";
    private readonly KokoroModel _model;
    private readonly KokoroVoicePacks _packs;
    private readonly KokoroPhonemizer _phonemizer;
    private readonly SemaphoreSlim _runs = new(1, 1);
    private readonly ILogger _logger;
    private readonly string _modelHash;

    public KokoroEngine(KokoroModel model, KokoroVoicePacks packs, KokoroPhonemizer phonemizer, ILogger<KokoroEngine> logger)
    {
        _model = model;
        _packs = packs;
        _phonemizer = phonemizer;
        _logger = logger;
        using (var file = File.OpenRead(model.Path))
        {
            _modelHash = Convert.ToHexStringLower(SHA256.HashData(file));
        }

        Version = string.Create(
            CultureInfo.InvariantCulture, $"ids {KokoroPhonemizer.Version}, onnxruntime {OrtEnv.Instance().GetVersionString()}, {EspeakVersion()}");
    }

    public string Id => "kokoro";

    public string Name => "kokoro";

    public string Version { get; }

    public KokoroVoicePacks Packs => _packs;

    public KokoroPhonemizer Phonemizer => _phonemizer;

    public IReadOnlyList<EngineVoice> Voices => [.. _packs.Names.Select(ToVoice)];

    /// <summary>A pack name ("af_heart") or a blend ("af_bella(2)+af_sky(1)"; a malformed one is INVALID_ARGUMENT saying why).</summary>
    public EngineVoice? Find(string name)
    {
        if (!_packs.Names.Contains(name, StringComparer.Ordinal) && KokoroBlend.LooksLikeBlend(name))
        {
            KokoroBlend.Parse(name); // throws with the reason a recipe is refused
        }

        return _packs.Contains(name) ? ToVoice(name) : null;
    }

    public async Task<IReadOnlyList<SpokenClip>> SynthesizeAsync(
        IReadOnlyList<string> texts, EngineVoice voice, Prosody prosody, CancellationToken cancellationToken)
    {
        var clips = new SpokenClip[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var pieces = new List<short[]>();
            var words = new List<WordTiming>();
            var matched = true;
            var samples = 0;
            foreach (var piece in await IdsAsync(texts[i], voice.EngineKey, _model.HasDurations, cancellationToken))
            {
                var (pcm, timings) = await RunAsync(piece, voice.EngineKey, prosody, cancellationToken);
                pieces.Add(pcm);
                matched &= timings is not null;
                words.AddRange(WordIds.Shifted(timings ?? [], samples));
                samples += pcm.Length;
            }

            // A segment some piece of which could not be matched is untimed as a whole (an empty list), never half timed.
            clips[i] = new SpokenClip(
                pieces.Count == 1 ? pieces[0] : [.. pieces.SelectMany(p => p)], !_model.HasDurations ? null : matched ? words : []);
        }

        return clips;
    }

    public void Dispose()
    {
        _model.Dispose();
        _runs.Dispose();
    }

    /// <summary>
    /// The ids of <paramref name="text"/> in runs of at most 510: cut at clause breaks, then spaces, when longer.
    /// With <paramref name="timed"/>, each run's words (null: not matched) with their places in <paramref name="text"/>.
    /// </summary>
    private async Task<List<KokoroRun>> IdsAsync(string text, string voice, bool timed, CancellationToken cancellationToken)
    {
        var (ids, words) = timed
            ? await _phonemizer.ToTimedIdsAsync(text, LanguageVoice(voice), _model.Vocabulary, cancellationToken)
            : (await _phonemizer.ToIdsAsync(text, LanguageVoice(voice), _model.Vocabulary, cancellationToken), null);
        if (ids.Length <= KokoroVocabulary.MaxIds)
        {
            return ids.Length == 0 ? [] : [new KokoroRun(ids, words)];
        }

        var cap = Math.Max(16, text.Length * KokoroVocabulary.MaxIds / ids.Length / 2);
        var pieces = TextSegmenter.Split(text, cap);
        if (pieces.Count < 2)
        {
            // A few characters that say more than 510 phonemes: the rest is cut off, and the words in it are not said.
            return [new KokoroRun(ids[..KokoroVocabulary.MaxIds], words?.Where(w => w.EndId <= KokoroVocabulary.MaxIds).ToList())];
        }

        var runs = new List<KokoroRun>();
        foreach (var piece in pieces)
        {
            var map = TextSegmenter.SpeakTextMap(piece.Text, piece.SpeakText);
            foreach (var run in await IdsAsync(piece.SpeakText, voice, timed, cancellationToken))
            {
                runs.Add(run with { Words = map is null ? null : run.Words?.Select(w => w with { Word = InText(w.Word, piece, map) }).ToList() });
            }
        }

        return runs;
    }

    /// <summary>A word of a piece's speak text, as the same word of the text the piece was cut from.</summary>
    private static TextWords.Word InText(TextWords.Word word, TextSegment piece, int[] map)
    {
        var start = piece.Start + map[word.Start];
        return new TextWords.Word(start, piece.Start + map[word.End - 1] + 1 - start);
    }

    private async Task<(short[] Pcm, List<WordTiming>? Words)> RunAsync(KokoroRun run, string voice, Prosody prosody, CancellationToken cancellationToken)
    {
        var ids = run.Ids;
        var style = _packs.Row(voice, ids.Length);
        var stretch = _model.IntegerSpeed && prosody.Speed != MathF.Round(prosody.Speed);
        var speed = stretch ? 1f : prosody.Speed;
        await _runs.WaitAsync(cancellationToken);
        float[] audio;
        long[]? durations;
        try
        {
            (audio, durations) = await Task.Run(() => _model.Run(ids, style, speed, cancellationToken), CancellationToken.None);
        }
        catch (OnnxRuntimeException e)
        {
            throw new TtsException(TtsErrorKind.FailedPrecondition, $"The Kokoro model {_model.Path} failed to run: {e.Message.Trim()}.");
        }
        finally
        {
            _runs.Release();
        }

        var pcm = ToPcm16(audio);
        var words = run.Words is { } said && durations is not null
            ? WordIds.Timings(said, [.. durations.Select(d => d * KokoroModel.FrameSamples)], idOffset: 1, pcm.Length) // after the first pad
            : null;
        if (stretch)
        {
            (pcm, words) = Changed(pcm, SonicNative.ChangeSpeed(pcm, KokoroModel.SampleRate, prosody.Speed), words);
        }

        if (prosody.PitchSemitones != 0)
        {
            (pcm, words) = Changed(pcm, SonicNative.ShiftPitch(pcm, KokoroModel.SampleRate, prosody.PitchSemitones), words);
        }

        return (pcm, words);
    }

    /// <summary>Audio libsonic changed, and its timings scaled with its length (a pitch shift keeps it, near enough).</summary>
    private static (short[], List<WordTiming>?) Changed(short[] before, short[] after, List<WordTiming>? words) =>
        (after, words is null ? null : WordIds.Scaled(words, before.Length, after.Length));

    /// <summary>Kokoro's waveform is in [-1, 1]: scaled to int16 and clamped, nothing normalised.</summary>
    internal static short[] ToPcm16(ReadOnlySpan<float> audio)
    {
        var pcm = new short[audio.Length];
        for (var i = 0; i < audio.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(MathF.Round(audio[i] * short.MaxValue), short.MinValue, short.MaxValue);
        }

        return pcm;
    }

    /// <summary>The voice whose language letter a blend speaks with: its first term's.</summary>
    private static string LanguageVoice(string voice) => KokoroBlend.LooksLikeBlend(voice) ? KokoroBlend.Parse(voice).Terms[0].Name : voice;

    private EngineVoice ToVoice(string name)
    {
        var espeak = KokoroLanguage(name);
        return new EngineVoice(Prefix + name, name, espeak, espeak.Length > 0 ? [espeak] : [], Gender(name), name)
        {
            Engine = Name,
            SampleRate = KokoroModel.SampleRate,
            Identity = $"model={_modelHash};pack={_packs.HashOf(name)}",
            UntimedReason = _model.HasDurations ? null
                : $"the Kokoro model {Path.GetFileName(_model.Path)} is an export without a duration output (as kokoro-onnx's is), so its " +
                  "words cannot be timed; the hexgrad/onnx-community export (input_ids in, waveform and duration out) times them",
        };
    }

    private static string KokoroLanguage(string name)
    {
        try
        {
            return KokoroPhonemizer.EspeakVoiceFor(LanguageVoice(name));
        }
        catch (TtsException)
        {
            return ""; // j and z voices are listed; a request for one says why it cannot be spoken
        }
    }

    private static string Gender(string name) => name.Length > 1 ? name[1] switch { 'f' => "female", 'm' => "male", _ => "" } : "";

    private static string EspeakVersion() => "espeak-ng " + Espeak.Internal.EspeakLibrary.Shared.Version;

    /// <summary>One model run's ids, and the ids each of its words was said with (null: the words could not be matched).</summary>
    private sealed record KokoroRun(long[] Ids, List<WordIds>? Words);
}
