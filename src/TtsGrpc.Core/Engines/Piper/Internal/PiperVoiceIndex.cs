using System.Text.Json;

namespace TtsGrpc.Core.Engines.Piper.Internal;

/// <summary>
/// A Piper voice index (voices.json): a JSON object keyed by voice key ("en_US-lessac-medium"), each entry with its
/// aliases and its files, by path relative to the index, with size_bytes and md5_digest. Only the entry asked for
/// is read in full, so a malformed entry elsewhere in the index does not stop an install.
/// </summary>
internal static class PiperVoiceIndex
{
    private const int MaxCloseMatches = 5;

    /// <summary>One file of a voice: its path under the index, its file name, and what the index says it holds.</summary>
    public sealed record IndexedFile(string Path, string Name, long Size, string Md5);

    /// <summary>A voice the index lists: <see cref="Stem"/> is its model's file name without ".onnx".</summary>
    public sealed record IndexedVoice(string Key, string Stem, IndexedFile Model, IndexedFile Config);

    /// <summary>The voice found, or (when none is) the keys closest to the name; and how many voices the index lists.</summary>
    public sealed record Lookup(IndexedVoice? Voice, IReadOnlyList<string> CloseMatches, int Count);

    /// <summary>
    /// Finds <paramref name="name"/> as a key (exactly, case included), else as an alias. An index that is not a JSON
    /// object, or an entry found that does not describe a usable voice, throws <see cref="FormatException"/>.
    /// </summary>
    public static Lookup Find(byte[] json, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
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
                throw new FormatException("it is not a JSON object of voices keyed by voice key");
            }

            var count = root.EnumerateObject().Count();
            if (root.TryGetProperty(name, out var entry))
            {
                return new Lookup(ReadVoice(name, entry), [], count);
            }

            foreach (var voice in root.EnumerateObject())
            {
                if (Aliases(voice.Value).Contains(name, StringComparer.Ordinal))
                {
                    return new Lookup(ReadVoice(voice.Name, voice.Value), [], count);
                }
            }

            return new Lookup(null, CloseMatches(root, name), count);
        }
    }

    private static IndexedVoice ReadVoice(string key, JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"its entry for '{key}' has no \"files\" object");
        }

        var listed = files.EnumerateObject().ToList();
        var models = listed.Where(f => FileName(f.Name).EndsWith(".onnx", StringComparison.Ordinal)).ToList();
        if (models.Count != 1)
        {
            throw new FormatException($"its entry for '{key}' lists {models.Count} .onnx files; a Piper voice has one");
        }

        var model = ReadFile(key, models[0]);
        var configName = model.Name + ".json";
        var config = listed.Where(f => FileName(f.Name) == configName).Select(f => ReadFile(key, f)).FirstOrDefault()
            ?? throw new FormatException($"its entry for '{key}' lists no {configName} beside {model.Path}");
        var stem = model.Name[..^".onnx".Length];
        return new IndexedVoice(key, stem, model, config);
    }

    private static IndexedFile ReadFile(string key, JsonProperty file)
    {
        var segments = file.Name.Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".." || s.Contains('\\') || s.Any(char.IsControl)) || segments[^1].StartsWith('.'))
        {
            throw new FormatException($"its entry for '{key}' names the file '{file.Name}', which is not a plain relative path");
        }

        var info = file.Value;
        var size = info.ValueKind == JsonValueKind.Object && info.TryGetProperty("size_bytes", out var s) && s.TryGetInt64(out var bytes) && bytes >= 0
            ? bytes
            : throw new FormatException($"its entry for '{key}' gives no size_bytes for {file.Name}");
        var md5 = info.TryGetProperty("md5_digest", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: 32 } digest
            && digest.All(char.IsAsciiHexDigit)
            ? digest.ToLowerInvariant()
            : throw new FormatException($"its entry for '{key}' gives no md5_digest (32 hex digits) for {file.Name}");
        return new IndexedFile(file.Name, segments[^1], size, md5);
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static IEnumerable<string> Aliases(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array
            ? aliases.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)
            : [];

    /// <summary>
    /// Keys whose key or an alias contains the name ("lessac" finds every lessac voice), then keys a few edits away
    /// ("en_US-lessac-medum"), ignoring case.
    /// </summary>
    private static string[] CloseMatches(JsonElement root, string name)
    {
        var allowed = Math.Max(2, name.Length / 4);
        var scored = new List<(string Key, int Score)>();
        foreach (var voice in root.EnumerateObject())
        {
            var score = Aliases(voice.Value).Prepend(voice.Name).Min(candidate => Score(candidate, name));
            if (score <= allowed)
            {
                scored.Add((voice.Name, score));
            }
        }

        return [.. scored.OrderBy(s => s.Score).ThenBy(s => s.Key, StringComparer.Ordinal).Take(MaxCloseMatches).Select(s => s.Key)];
    }

    private static int Score(string candidate, string name) =>
        candidate.Contains(name, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(candidate.ToUpperInvariant(), name.ToUpperInvariant());

    /// <summary>Levenshtein distance with two rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
