using System.Globalization;
using System.Text.Json;

namespace TtsGrpc.Core.Engines.Piper;

/// <summary>
/// A Piper voice's <c>&lt;stem&gt;.onnx.json</c>: what the model was trained with (rate, espeak voice, phoneme ids,
/// speakers, inference scales). Only the fields inference needs are required; the rest are informational.
/// </summary>
public sealed record PiperVoiceConfig
{
    public required int SampleRate { get; init; }

    public string Quality { get; init; } = "";

    /// <summary>espeak-ng voice the phonemes come from ("en-us"); empty for phoneme_type "text".</summary>
    public string EspeakVoice { get; init; } = "";

    /// <summary>"espeak" or "text".</summary>
    public string PhonemeType { get; init; } = "espeak";

    /// <summary>Code point → code points, applied before the id lookup.</summary>
    public IReadOnlyDictionary<int, int[]> PhonemeMap { get; init; } = new Dictionary<int, int[]>();

    /// <summary>Code point → ids.</summary>
    public required IReadOnlyDictionary<int, long[]> PhonemeIdMap { get; init; }

    public int NumSpeakers { get; init; } = 1;

    /// <summary>Speaker names in id order (empty for single-speaker voices).</summary>
    public IReadOnlyList<string> Speakers { get; init; } = [];

    public int? DefaultSpeakerId { get; init; }

    public float NoiseScale { get; init; } = 0.667f;

    public float LengthScale { get; init; } = 1f;

    public float NoiseW { get; init; } = 0.8f;

    /// <summary>BCP-47-style language ("en-US") from language.code ("en_US"), else the espeak voice.</summary>
    public string Language { get; init; } = "";

    public string Dataset { get; init; } = "";

    public bool MultiSpeaker => NumSpeakers > 1;

    /// <summary>Reads a config; a config that cannot drive inference throws <see cref="FormatException"/> saying which field.</summary>
    public static PiperVoiceConfig Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new FormatException($"it is not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("it is not a JSON object");
            }

            var sampleRate = Int(Path(root, "audio", "sample_rate")) ?? throw new FormatException("audio.sample_rate is missing");
            if (sampleRate is < 4000 or > 192_000)
            {
                throw new FormatException($"audio.sample_rate {sampleRate} is not a sample rate (4000 to 192000 Hz)");
            }

            var phonemeType = String(Path(root, "phoneme_type")) ?? "espeak";
            if (phonemeType is not ("espeak" or "text"))
            {
                throw new FormatException($"phoneme_type '{phonemeType}' is not supported (espeak or text)");
            }

            var espeakVoice = String(Path(root, "espeak", "voice")) ?? "";
            if (phonemeType == "espeak" && espeakVoice.Length == 0)
            {
                throw new FormatException("espeak.voice is missing");
            }

            var numSpeakers = Int(Path(root, "num_speakers")) ?? 1;
            if (numSpeakers < 1)
            {
                throw new FormatException($"num_speakers {numSpeakers} must be at least 1");
            }

            var speakers = ReadSpeakers(Path(root, "speaker_id_map"), numSpeakers);
            var defaultSpeaker = Int(Path(root, "default_speaker_id"));
            if (defaultSpeaker is { } d && (d < 0 || d >= numSpeakers))
            {
                throw new FormatException($"default_speaker_id {d} is not one of the {numSpeakers} speakers");
            }

            var inference = Path(root, "inference");
            var languageCode = String(Path(root, "language", "code"));
            return new PiperVoiceConfig
            {
                SampleRate = sampleRate,
                Quality = String(Path(root, "audio", "quality")) ?? "",
                EspeakVoice = espeakVoice,
                PhonemeType = phonemeType,
                PhonemeMap = ReadPhonemeMap(Path(root, "phoneme_map")),
                PhonemeIdMap = ReadPhonemeIdMap(Path(root, "phoneme_id_map")),
                NumSpeakers = numSpeakers,
                Speakers = speakers,
                DefaultSpeakerId = defaultSpeaker,
                NoiseScale = Float(Path(inference, "noise_scale")) ?? 0.667f,
                LengthScale = Float(Path(inference, "length_scale")) ?? 1f,
                NoiseW = Float(Path(inference, "noise_w")) ?? 0.8f,
                Language = languageCode is { Length: > 0 } code ? code.Replace('_', '-') : espeakVoice,
                Dataset = String(Path(root, "dataset")) ?? "",
            };
        }
    }

    private static JsonElement? Path(JsonElement? element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty(name, out var child))
            {
                return null;
            }

            element = child;
        }

        return element is { ValueKind: JsonValueKind.Null } ? null : element;
    }

    private static string? String(JsonElement? element) => element is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    private static int? Int(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } e && e.TryGetInt32(out var value) ? value : null;

    private static float? Float(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Number } e)
        {
            return null;
        }

        var value = (float)e.GetDouble();
        return float.IsFinite(value) && value >= 0 ? value : throw new FormatException($"inference scale {value.ToString(CultureInfo.InvariantCulture)} must be a finite number >= 0");
    }

    private static int SingleCodePoint(string key, string field)
    {
        var runes = key.EnumerateRunes().ToArray();
        return runes.Length == 1 ? runes[0].Value : throw new FormatException($"{field} key '{key}' is not one code point");
    }

    private static Dictionary<int, long[]> ReadPhonemeIdMap(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } map)
        {
            throw new FormatException("phoneme_id_map is missing");
        }

        var ids = new Dictionary<int, long[]>();
        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"phoneme_id_map['{entry.Name}'] is not a list of ids");
            }

            ids[SingleCodePoint(entry.Name, "phoneme_id_map")] = [.. entry.Value.EnumerateArray().Select(v =>
                v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var id) && id >= 0 ? id
                    : throw new FormatException($"phoneme_id_map['{entry.Name}'] holds {v}, not an id"))];
        }

        foreach (var required in "_^$")
        {
            if (!ids.ContainsKey(required))
            {
                throw new FormatException($"phoneme_id_map has no '{required}' (pad _, start ^ and end $ are required)");
            }
        }

        return ids;
    }

    private static Dictionary<int, int[]> ReadPhonemeMap(JsonElement? element)
    {
        var map = new Dictionary<int, int[]>();
        if (element is not { ValueKind: JsonValueKind.Object } entries)
        {
            return map;
        }

        foreach (var entry in entries.EnumerateObject())
        {
            var to = entry.Value.ValueKind == JsonValueKind.Array
                ? entry.Value.EnumerateArray().SelectMany(v => (v.GetString() ?? "").EnumerateRunes().Select(r => r.Value)).ToArray()
                : throw new FormatException($"phoneme_map['{entry.Name}'] is not a list");
            map[SingleCodePoint(entry.Name, "phoneme_map")] = to;
        }

        return map;
    }

    private static string[] ReadSpeakers(JsonElement? element, int numSpeakers)
    {
        if (numSpeakers <= 1)
        {
            return [];
        }

        var names = Enumerable.Range(0, numSpeakers).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (element is { ValueKind: JsonValueKind.Object } map)
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt32(out var id) && id >= 0 && id < numSpeakers)
                {
                    names[id] = entry.Name;
                }
                else
                {
                    throw new FormatException($"speaker_id_map['{entry.Name}'] is not a speaker id below num_speakers {numSpeakers}");
                }
            }
        }

        return names;
    }
}
