using TtsGrpc.Core.Engines.Espeak.Internal;
using TtsGrpc.Core.Engines.Internal;

namespace TtsGrpc.Core.Engines.Espeak;

/// <summary>
/// espeak-ng, embedded: offline, 100+ languages. Speed maps to words per minute (espeak's own range,
/// with libsonic stretching below espeak's slowest rate); pitch scales both espeak's base pitch and its
/// intonation range, so the whole contour moves by the requested number of semitones.
/// </summary>
public sealed class EspeakEngine : ISpeechEngine
{
    private const int DefaultWordsPerMinute = 175;
    private const int MinWordsPerMinute = 80;
    private readonly EspeakLibrary _library = EspeakLibrary.Shared;
    private readonly Dictionary<string, EngineVoice> _byAlias = new(StringComparer.OrdinalIgnoreCase);

    public EspeakEngine()
    {
        foreach (var voice in _library.Voices)
        {
            foreach (var alias in new[] { voice.Id, voice.Language, voice.EngineKey, voice.Name })
            {
                _byAlias.TryAdd(alias, voice);
            }
        }
    }

    public string Id => "espeak-ng";

    public string Name => "espeak";

    public string Version => _library.Version;

    public int SampleRate => _library.SampleRate;

    public IReadOnlyList<EngineVoice> Voices => _library.Voices;

    /// <summary>By id, language, espeak identifier or display name.</summary>
    public EngineVoice? Find(string name) => _byAlias.GetValueOrDefault(name) ?? _byAlias.GetValueOrDefault("espeak:" + name);

    public async Task<IReadOnlyList<SpokenClip>> SynthesizeAsync(
        IReadOnlyList<string> texts, EngineVoice voice, Prosody prosody, CancellationToken cancellationToken)
    {
        var wordsPerMinute = DefaultWordsPerMinute * prosody.Speed;
        var espeakRate = (int)MathF.Round(Math.Max(wordsPerMinute, MinWordsPerMinute));
        var stretch = wordsPerMinute / espeakRate; // < 1 only below espeak's slowest rate
        var (pitch, range) = PitchParameters(prosody.PitchSemitones);
        var clips = new SpokenClip[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var clip = await _library.SynthesizeAsync(texts[i], voice.EngineKey, espeakRate, pitch, range, cancellationToken);
            clips[i] = stretch < 0.99f ? Stretched(clip, SonicNative.ChangeSpeed(clip.Pcm, SampleRate, stretch)) : clip;
        }

        return clips;
    }

    /// <summary>A clip slowed by libsonic: its word timings scale with its length.</summary>
    private static SpokenClip Stretched(SpokenClip clip, short[] stretched) =>
        new(stretched, clip.Words is null ? null : WordIds.Scaled(clip.Words, clip.Pcm.Length, stretched.Length));

    /// <summary>
    /// espeak's pitch parameter p scales the base pitch by 2^((p-50)/50) (one octave per 50 units), and its
    /// range parameter scales the intonation excursion linearly; moving both shifts the contour by a ratio.
    /// </summary>
    internal static (int Pitch, int Range) PitchParameters(float semitones)
    {
        var pitch = (int)MathF.Round(50 + 50 * semitones / 12f);
        var range = (int)MathF.Round(50 * MathF.Pow(2, semitones / 12f));
        return (Math.Clamp(pitch, 0, 100), Math.Clamp(range, 0, 100));
    }
}
