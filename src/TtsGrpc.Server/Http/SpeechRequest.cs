using System.Text.Json;
using TtsGrpc.Core.Engines;

namespace TtsGrpc.Server.Http;

/// <summary>
/// The body of POST /v1/audio/speech, read field by field so each mistake is named with its field. Fields OpenAI's
/// API has and this server does not use (instructions) and fields clients merge in (Home Assistant's extra_payload)
/// are accepted and ignored.
/// </summary>
internal sealed record SpeechRequest(
    string Model, string Input, string Voice, SpeechFormat Format, float Speed, bool Sse, bool IncludeSegments)
{
    /// <summary>OpenAI's limit on input; the server's own Tts:Synthesis:MaxTextLength applies too.</summary>
    public const int MaxInputLength = 4096;

    public static SpeechRequest Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw HttpApiException.Invalid(
                $"The request body is not valid JSON ({e.Message.TrimEnd('.')}); send a JSON object such as " +
                "{\"model\":\"tts-1\",\"input\":\"Hello.\",\"voice\":\"alloy\"} with Content-Type: application/json.", null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw HttpApiException.Invalid(
                    $"The request body is a JSON {Kind(root)}; send a JSON object with model, input and voice.", null);
            }

            return new SpeechRequest(
                Model: OptionalString(root, "model") ?? "",
                Input: RequiredInput(root),
                Voice: ReadVoice(root),
                Format: SpeechFormat.Parse(OptionalString(root, "response_format")),
                Speed: ReadSpeed(root),
                Sse: ReadStreamFormat(root),
                IncludeSegments: OptionalBool(root, "include_segments"));
        }
    }

    private static string RequiredInput(JsonElement root)
    {
        var input = OptionalString(root, "input");
        if (input is null)
        {
            throw HttpApiException.Invalid("input is missing; put the text to speak in \"input\".", "input");
        }

        if (string.IsNullOrWhiteSpace(input))
        {
            throw HttpApiException.Invalid("input is empty or only whitespace; put the text to speak in \"input\".", "input");
        }

        if (input.Length > MaxInputLength)
        {
            throw HttpApiException.Invalid(
                $"input has {input.Length} characters; the limit is {MaxInputLength}. Split the text into several requests.", "input");
        }

        return input;
    }

    /// <summary>A string, or OpenAI's newer {"id": "..."} form; missing is the server's default voice.</summary>
    private static string ReadVoice(JsonElement root)
    {
        if (!root.TryGetProperty("voice", out var voice) || voice.ValueKind == JsonValueKind.Null)
        {
            return "";
        }

        if (voice.ValueKind == JsonValueKind.Object && voice.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            return id.GetString()!;
        }

        return voice.ValueKind == JsonValueKind.String
            ? voice.GetString()!
            : throw HttpApiException.Invalid(
                $"voice is a JSON {Kind(voice)}; give a voice name such as \"alloy\" or a voice id such as \"espeak:en-us\" (or {{\"id\": \"...\"}}).", "voice");
    }

    private static float ReadSpeed(JsonElement root)
    {
        if (!root.TryGetProperty("speed", out var speed) || speed.ValueKind == JsonValueKind.Null)
        {
            return 1f;
        }

        if (speed.ValueKind != JsonValueKind.Number || !speed.TryGetDouble(out var value))
        {
            throw HttpApiException.Invalid($"speed is a JSON {Kind(speed)}; give a number from {Prosody.MinSpeed} to {Prosody.MaxSpeed} (1 = normal).", "speed");
        }

        if (value < Prosody.MinSpeed || value > Prosody.MaxSpeed)
        {
            throw HttpApiException.Invalid($"speed {value} is out of range; use {Prosody.MinSpeed} to {Prosody.MaxSpeed} (1 = normal).", "speed");
        }

        return (float)value;
    }

    private static bool ReadStreamFormat(JsonElement root) => OptionalString(root, "stream_format")?.Trim().ToLowerInvariant() switch
    {
        null or "" or "audio" => false,
        "sse" => true,
        var other => throw HttpApiException.Invalid($"stream_format '{other}' is unknown; use audio (the default) or sse.", "stream_format"),
    };

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw HttpApiException.Invalid($"{name} is a JSON {Kind(value)}; it must be a string.", name);
    }

    private static bool OptionalBool(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw HttpApiException.Invalid($"{name} is a JSON {Kind(value)}; it must be true or false.", name),
        };
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
