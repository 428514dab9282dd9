using System.Globalization;
using System.Text.Json;

namespace TtsGrpc.Core.Engines.OpenAI.Internal;

/// <summary>The body of <c>POST {BaseUrl}/audio/speech</c>: OpenAI's CreateSpeechRequest, asking for raw 24 kHz PCM.</summary>
internal static class SpeechRequestJson
{
    /// <summary>UTF-8 bytes (not a stream), so a retry can send the same body again.</summary>
    public static byte[] Write(string model, string voice, string input, float speed)
    {
        using var buffer = new MemoryStream(64 + (input.Length * 2));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteString("input", input);
            json.WriteString("voice", voice);
            json.WriteString("response_format", "pcm");
            // Rounded as the user wrote it (1.1, not 1.10000002384): some servers echo or validate the number as text.
            json.WriteNumber("speed", double.Parse(speed.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
