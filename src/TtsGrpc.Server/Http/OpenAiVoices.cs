using Microsoft.Extensions.Options;
using TtsGrpc.Core.Engines;

namespace TtsGrpc.Server.Http;

/// <summary>
/// OpenAI's voice names on this server's voices. Tts:Http:VoiceMap names win; every other name goes to the best
/// engine that has usable voices now (Kokoro, else Piper, else espeak-ng): the pack of the same name when Kokoro has
/// one (alloy -> af_alloy), else a voice of a similar kind from a preference list, else the engine's English voices
/// in turn, so different names sound different. Worked out per call: Piper voices can be installed while it runs.
/// </summary>
internal sealed class OpenAiVoices(VoiceCatalog catalog, IOptions<HttpOptions> options)
{
    /// <summary>OpenAI's speech voices, in the order its docs list them.</summary>
    public static readonly IReadOnlyList<string> Names = ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse"];

    // Kokoro-82M's packs closest to each OpenAI voice: same name first, then same gender and accent.
    private static readonly Dictionary<string, string[]> KokoroPreferences = new(StringComparer.OrdinalIgnoreCase)
    {
        ["alloy"] = ["af_alloy", "af_heart", "af_bella"],
        ["ash"] = ["am_adam", "am_michael", "am_eric"],
        ["ballad"] = ["bm_george", "bm_lewis", "bm_daniel"],
        ["coral"] = ["af_heart", "af_kore", "af_jessica"],
        ["echo"] = ["am_echo", "am_liam", "am_michael"],
        ["fable"] = ["bm_fable", "bm_daniel", "bm_george"],
        ["onyx"] = ["am_onyx", "am_fenrir", "am_adam"],
        ["nova"] = ["af_nova", "af_nicole", "af_sky"],
        ["sage"] = ["af_sarah", "af_river", "af_aoede"],
        ["shimmer"] = ["af_bella", "af_sky", "af_jessica"],
        ["verse"] = ["am_michael", "am_puck", "am_liam"],
    };

    // espeak-ng's English voices, most natural first; each name takes the next one present.
    private static readonly string[] EspeakEnglish =
        ["en-us", "en-gb", "en-gb-x-rp", "en-gb-scotland", "en-us-nyc", "en-029", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en"];

    /// <summary>Whether <paramref name="name"/> is an OpenAI voice name (or one the map adds).</summary>
    public bool IsName(string name) =>
        Names.Contains(name, StringComparer.OrdinalIgnoreCase) || options.Value.VoiceMap.ContainsKey(name);

    /// <summary>The voice id a request's voice stands for: a mapped name's id, else the voice as sent.</summary>
    public string Resolve(string voice)
    {
        var name = voice.Trim();
        return IsName(name) ? Map()[name] : name;
    }

    /// <summary>Every mapped name and its voice id: the configured ones, then the defaults.</summary>
    public IReadOnlyDictionary<string, string> Map()
    {
        var map = new Dictionary<string, string>(options.Value.VoiceMap, StringComparer.OrdinalIgnoreCase);
        var defaults = Defaults();
        foreach (var name in Names)
        {
            map.TryAdd(name, defaults[name]);
        }

        return map;
    }

    private Dictionary<string, string> Defaults()
    {
        var usable = catalog.All.Where(v => v.Unavailable is null).ToList();
        var kokoro = usable.Where(v => v.Engine == "kokoro").ToList();
        var piper = usable.Where(v => v.Engine == "piper").ToList();
        var (pool, preferences) = kokoro.Count > 0
            ? (English(kokoro), KokoroPreferences)
            : piper.Count > 0
            ? (English(piper), null)
            : (EspeakPool(usable), (Dictionary<string, string[]>?)null);
        var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Names.Count; i++)
        {
            var name = Names[i];
            var preferred = preferences?[name].Select(key => pool.FirstOrDefault(v => v.EngineKey.Equals(key, StringComparison.OrdinalIgnoreCase)))
                .FirstOrDefault(v => v is not null);
            defaults[name] = (preferred ?? pool[i % pool.Count]).Id;
        }

        return defaults;
    }

    /// <summary>English voices first (American, then other accents), then the rest, each group by id.</summary>
    private static List<EngineVoice> English(List<EngineVoice> voices) =>
        [.. voices.OrderBy(v => v.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(v => v.Id, StringComparer.Ordinal)];

    private List<EngineVoice> EspeakPool(List<EngineVoice> usable)
    {
        var espeak = usable.Where(v => v.Engine == "espeak").ToList();
        List<EngineVoice> english = [.. EspeakEnglish.Select(name => espeak.FirstOrDefault(v => v.Id.Equals("espeak:" + name, StringComparison.OrdinalIgnoreCase)))
            .OfType<EngineVoice>()];
        return english.Count > 0 ? english : [catalog.Default];
    }
}
