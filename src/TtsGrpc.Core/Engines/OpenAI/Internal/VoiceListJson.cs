using System.Text.Json;

namespace TtsGrpc.Core.Engines.OpenAI.Internal;

/// <summary>
/// Reads an upstream's voice list in the shapes servers answer with: Kokoro-FastAPI's and Open WebUI's
/// <c>{"voices":[{"id","name"}]}</c>, its legacy <c>{"voices":["af_heart", …]}</c>, or a bare array of either.
/// </summary>
internal static class VoiceListJson
{
    public static IReadOnlyList<OpenAiVoice> Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"it is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var list = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("voices", out var voices) && voices.ValueKind == JsonValueKind.Array ? voices
                : throw new FormatException("it has no \"voices\" array");
            var result = new List<OpenAiVoice>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list.EnumerateArray())
            {
                if (Voice(item) is { } voice && seen.Add(voice.Id))
                {
                    result.Add(voice);
                }
            }

            return result;
        }
    }

    /// <summary>A string is an id; an object has an id (or only a name, which then serves as both); anything else is skipped.</summary>
    private static OpenAiVoice? Voice(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            return Named(item.GetString(), null);
        }

        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return Named(Text(item, "id") ?? Text(item, "voice_id") ?? Text(item, "name"), Text(item, "name"));
    }

    private static OpenAiVoice? Named(string? id, string? name) =>
        string.IsNullOrWhiteSpace(id) ? null : new OpenAiVoice(id.Trim(), string.IsNullOrWhiteSpace(name) ? id.Trim() : name.Trim());

    private static string? Text(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
