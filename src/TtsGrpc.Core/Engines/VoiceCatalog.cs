namespace TtsGrpc.Core.Engines;

/// <summary>
/// Resolves what a client names ("", "en-us", "espeak:en-us", an engine identifier or display name)
/// to one of the engine's voices.
/// </summary>
public sealed class VoiceCatalog
{
    private readonly ISpeechEngine _engine;
    private readonly Dictionary<string, EngineVoice> _byAlias = new(StringComparer.OrdinalIgnoreCase);

    public VoiceCatalog(ISpeechEngine engine, string defaultVoice)
    {
        _engine = engine;
        foreach (var voice in engine.Voices)
        {
            foreach (var alias in new[] { voice.Id, voice.Language, voice.EngineKey, voice.Name })
            {
                _byAlias.TryAdd(alias, voice);
            }
        }

        Default = Find(defaultVoice) ?? throw new TtsException(
            TtsErrorKind.InvalidArgument,
            $"The configured default voice '{defaultVoice}' is not one of the {engine.Id} voices; see ListVoices.");
    }

    public EngineVoice Default { get; }

    public IReadOnlyList<EngineVoice> All => _engine.Voices;

    public EngineVoice? Find(string name)
    {
        var key = name.Trim();
        var prefix = _engine.Id.Split('-')[0] + ":";
        if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            key = key[prefix.Length..];
        }

        return _byAlias.GetValueOrDefault(key) ?? _byAlias.GetValueOrDefault(prefix + key);
    }

    /// <summary>The voice for a request: the named one, else the one for the language, else the default.</summary>
    public EngineVoice Resolve(string voice, string language)
    {
        if (!string.IsNullOrWhiteSpace(voice))
        {
            return Find(voice) ?? throw new TtsException(
                TtsErrorKind.NotFound, $"Voice '{voice}' does not exist. Call ListVoices for the available voices.");
        }

        if (!string.IsNullOrWhiteSpace(language))
        {
            return Find(language) ?? Find(language.Split('-')[0]) ?? throw new TtsException(
                TtsErrorKind.NotFound, $"No voice speaks language '{language}'. Call ListVoices for the available languages.");
        }

        return Default;
    }

    public IEnumerable<EngineVoice> ForLanguage(string language) =>
        string.IsNullOrWhiteSpace(language)
            ? All
            : All.Where(v => v.Languages.Any(l =>
                l.Equals(language, StringComparison.OrdinalIgnoreCase)
                || l.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase)));
}
