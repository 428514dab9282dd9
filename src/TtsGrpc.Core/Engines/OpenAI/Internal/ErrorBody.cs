using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TtsGrpc.Core.Engines.OpenAI.Internal;

/// <summary>
/// The reason an upstream gave for refusing a request, in one short line: OpenAI's <c>{"error":{"message"}}</c>,
/// FastAPI's <c>{"detail": …}</c> (Kokoro-FastAPI raises with a string, an object or a validation list), a page's
/// title, or the start of whatever text came back.
/// </summary>
internal static partial class ErrorBody
{
    private const int MaxLength = 300;

    public static string Reason(byte[] body, string? mediaType)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 64 * 1024)).Trim();
        if (text.Length == 0)
        {
            return "an empty body";
        }

        if (IsHtml(text, mediaType))
        {
            var title = Title().Match(text);
            return title.Success ? $"an HTML page \"{Shorten(title.Groups[1].Value)}\"" : "an HTML page";
        }

        return FromJson(text) is { Length: > 0 } message ? Shorten(message) : Shorten(text);
    }

    public static bool IsHtml(string text, string? mediaType) =>
        mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
        || text.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase);

    private static string? FromJson(string text)
    {
        if (text[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return root.TryGetProperty("error", out var error) ? Message(error)
                : root.TryGetProperty("detail", out var detail) ? Message(detail)
                : root.TryGetProperty("message", out var message) ? Message(message)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string as it is; an object's message (or error, msg); a list's messages joined.</summary>
    private static string? Message(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Object => new[] { "message", "msg", "error", "detail" }
            .Select(name => element.TryGetProperty(name, out var inner) ? Message(inner) : null)
            .FirstOrDefault(m => !string.IsNullOrWhiteSpace(m)),
        JsonValueKind.Array => string.Join("; ", element.EnumerateArray().Select(Located).OfType<string>()),
        _ => null,
    };

    /// <summary>A FastAPI validation entry: its message, after the field it is about ("body.speed: …").</summary>
    private static string? Located(JsonElement item)
    {
        var message = Message(item);
        if (message is null || item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("loc", out var loc) || loc.ValueKind != JsonValueKind.Array)
        {
            return message;
        }

        return string.Join('.', loc.EnumerateArray().Select(part => part.ToString())) + ": " + message;
    }

    private static string Shorten(string text)
    {
        var line = Whitespace().Replace(text, " ").Trim();
        return line.Length <= MaxLength ? line : line[..MaxLength] + "…";
    }

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Title();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
