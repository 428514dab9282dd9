using TtsGrpc.Server.Security;

namespace TtsGrpc.Server.Http;

/// <summary>
/// The same client keys as gRPC (<see cref="ApiKeyRing"/>), from "Authorization: Bearer &lt;key&gt;": every HTTP API
/// route is a client call, as ListVoices and Synthesize are. With no client keys configured any header, or none,
/// passes: OpenAI clients insist on sending some key, and SillyTavern sends an empty "Bearer ".
/// </summary>
internal sealed class HttpAuthorization(ApiKeyRing keys)
{
    private const string Scheme = "Bearer ";

    /// <summary>Throws a 401 unless the request may make a client call.</summary>
    public void Check(HttpRequest request)
    {
        if (keys.Required(AccessLevel.Client) == AccessLevel.Open)
        {
            return;
        }

        var header = request.Headers.Authorization;
        if (header.Count == 0)
        {
            throw Refused("This server needs an API key: send 'Authorization: Bearer <key>' (the api_key of an OpenAI client).");
        }

        var value = header[0] ?? "";
        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value.Length == Scheme.Length)
        {
            throw Refused("The Authorization header is not a bearer key: send 'Authorization: Bearer <key>'.");
        }

        if (keys.Grant(value[Scheme.Length..].Trim()) == AccessLevel.Open)
        {
            throw Refused("The API key sent is not one this server knows: send 'Authorization: Bearer <key>' with a key from its configuration.");
        }
    }

    private static HttpApiException Refused(string message) => new(StatusCodes.Status401Unauthorized, message);
}
