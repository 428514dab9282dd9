namespace TtsGrpc.Core.Engines;

/// <summary>
/// Every engine's voices behind one lookup. A name with an engine prefix ("piper:en_US-lessac-medium") goes to
/// that engine; a bare name ("en-us", an espeak identifier or display name) is an espeak voice, as it always was.
/// </summary>
public sealed class VoiceCatalog
{
    private readonly Dictionary<string, ISpeechEngine> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ISpeechEngine _bare;

    public VoiceCatalog(IEnumerable<ISpeechEngine> engines, string defaultVoice)
    {
        var all = engines.ToList();
        _bare = all.Count > 0 ? all[0] : throw new ArgumentException("A voice catalog needs at least one engine.", nameof(engines)); // the built-in one, registered first
        foreach (var engine in all)
        {
            _byName.TryAdd(engine.Name, engine);
        }

        Default = Find(defaultVoice) is { Unavailable: null } voice ? voice : throw new TtsException(
            TtsErrorKind.InvalidArgument,
            $"The configured default voice '{defaultVoice}' is not one of the available voices; see ListVoices.");
    }

    public VoiceCatalog(ISpeechEngine engine, string defaultVoice)
        : this([engine], defaultVoice)
    {
    }

    public EngineVoice Default { get; }

    public IReadOnlyCollection<ISpeechEngine> Engines => _byName.Values;

    public IEnumerable<EngineVoice> All => _byName.Values.SelectMany(e => e.Voices);

    /// <summary>The engine that speaks <paramref name="voice"/>.</summary>
    public ISpeechEngine EngineOf(EngineVoice voice) =>
        _byName.TryGetValue(voice.Engine, out var engine) ? engine : _bare;

    /// <summary>The voice a client names, or null; an installed but unusable voice comes back with its reason set.</summary>
    public EngineVoice? Find(string name)
    {
        var key = name.Trim();
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && _byName.TryGetValue(key[..colon], out var engine))
        {
            return engine.Find(key[(colon + 1)..]);
        }

        return _bare.Find(key);
    }

    /// <summary>The voice for a request: the named one, else the one for the language, else the default.</summary>
    public EngineVoice Resolve(string voice, string language)
    {
        if (!string.IsNullOrWhiteSpace(voice))
        {
            var found = Find(voice) ?? throw new TtsException(
                TtsErrorKind.NotFound, $"Voice '{voice}' does not exist. Call ListVoices for the available voices.");
            return found.Unavailable is { } reason
                ? throw new TtsException(TtsErrorKind.FailedPrecondition, $"Voice '{found.Id}' cannot be used: {reason}.")
                : found;
        }

        if (!string.IsNullOrWhiteSpace(language))
        {
            return _bare.Find(language) ?? _bare.Find(language.Split('-')[0]) ?? throw new TtsException(
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
