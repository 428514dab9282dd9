using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TtsGrpc.Server.Http;

/// <summary>
/// Writes errors in OpenAI's shape, {"error":{"message","type","param","code"}}, which the OpenAI SDKs read into
/// their error classes (param and code may be null).
/// </summary>
internal static class OpenAiError
{
    /// <summary>Quotes and apostrophes as they are: the JSON is read by programs and people, never pasted into HTML.</summary>
    public static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, string message, string? param = null, string? code = null, int? retryAfterSeconds = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, OpenAiError.Json))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", TypeOf(status));
            WriteNullable(json, "param", param);
            WriteNullable(json, "code", code ?? CodeOf(status));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    /// <summary>The types OpenAI's API answers with for each class of status.</summary>
    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    private static string? CodeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "invalid_api_key",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status429TooManyRequests => "rate_limit_exceeded",
        StatusCodes.Status503ServiceUnavailable => "service_unavailable",
        _ => null,
    };

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
