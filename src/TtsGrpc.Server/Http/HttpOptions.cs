using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Server.Http;

/// <summary>The OpenAI-compatible HTTP API ("Tts:Http" in configuration): addresses of its own, apart from gRPC.</summary>
public sealed class HttpOptions : IValidatableObject
{
    public const string Section = "Tts:Http";
    public const string UrlsKey = Section + ":" + nameof(Urls);

    /// <summary>';'-separated addresses like Urls ("http://0.0.0.0:8880"); empty turns the HTTP API off.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8880";

    /// <summary>OpenAI voice names (alloy, nova, …) to voice ids; names left out get the default map (see README).</summary>
    public Dictionary<string, string> VoiceMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Largest request body, in bytes: a speech request is a few KiB of JSON.</summary>
    [Range(1024, 64 << 20, ErrorMessage = "Tts:Http:MaxRequestBytes must be between 1024 and 67108864.")]
    public int MaxRequestBytes { get; set; } = 1 << 20;

    public bool Enabled => AddressList.Count > 0;

    public IReadOnlyList<string> AddressList =>
        (Urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var url in AddressList)
        {
            if (PortOf(url) is null)
            {
                yield return new ValidationResult(
                    $"{UrlsKey} has '{url}', which is not an address; use e.g. http://127.0.0.1:8880 or http://0.0.0.0:8880 (';' between several, empty for off).",
                    [nameof(Urls)]);
            }
        }

        foreach (var (name, voice) in VoiceMap)
        {
            if (string.IsNullOrWhiteSpace(voice))
            {
                yield return new ValidationResult(
                    $"{Section}:VoiceMap:{name} is empty; give it a voice id such as espeak:en-us, piper:<voice> or kokoro:<pack>.", [nameof(VoiceMap)]);
            }
        }
    }

    /// <summary>The port of an address, or null when it is not one Kestrel can bind.</summary>
    internal static int? PortOf(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            return address.Scheme is "http" or "https" && !address.IsUnixPipe ? address.Port : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
