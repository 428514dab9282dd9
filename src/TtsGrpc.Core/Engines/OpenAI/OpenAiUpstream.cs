using System.Globalization;

namespace TtsGrpc.Core.Engines.OpenAI;

/// <summary>
/// Where the remote engine's audio comes from: the API root, the two paths under it, and the names that identify it
/// in cache keys (<see cref="EngineId"/>) and in metrics (<see cref="Label"/>).
/// </summary>
public sealed class OpenAiUpstream
{
    /// <summary>The named HttpClient speech requests go through (retries, timeouts and the circuit breaker on it).</summary>
    public const string SpeechClient = "openai-speech";

    /// <summary>The named HttpClient the voice list is fetched with (one try, a short timeout).</summary>
    public const string VoicesClient = "openai-voices";

    public OpenAiUpstream(string baseUrl, string model)
    {
        var root = baseUrl.Trim();
        // A trailing slash makes the relative paths below resolve under the root's last segment ("/v1" + "audio/speech").
        BaseUrl = new Uri(root.EndsWith('/') ? root : root + "/", UriKind.Absolute);
        Model = model.Trim();
        Label = BaseUrl.IsDefaultPort
            ? BaseUrl.Host
            : string.Create(CultureInfo.InvariantCulture, $"{BaseUrl.Host}:{BaseUrl.Port}");
        SpeechUrl = new Uri(BaseUrl, "audio/speech");
        VoicesUrl = new Uri(BaseUrl, "audio/voices");
        var path = BaseUrl.AbsolutePath.Trim('/');
        // The path is kept unless it is the usual "v1": two servers behind one proxy (/kokoro/v1, /piper/v1) differ only there.
        EngineId = $"openai@{Label}{(path is "" or "v1" ? "" : "/" + path)}/{Model}";
    }

    public Uri BaseUrl { get; }

    public string Model { get; }

    /// <summary>host:port (the port left out when it is the scheme's own), the <c>upstream</c> label of its metrics.</summary>
    public string Label { get; }

    public Uri SpeechUrl { get; }

    public Uri VoicesUrl { get; }

    /// <summary>The engine's id, part of every cache key: the same text from another server or model is other audio.</summary>
    public string EngineId { get; }

    /// <summary>How messages name the upstream: its API root as configured.</summary>
    public override string ToString() => BaseUrl.ToString().TrimEnd('/');
}
