namespace TtsGrpc.Server.Http;

/// <summary>A request the HTTP API refuses, with the OpenAI error fields its answer carries.</summary>
internal sealed class HttpApiException(int status, string message, string? param = null, string? code = null) : Exception(message)
{
    public int Status { get; } = status;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    public static HttpApiException Invalid(string message, string? param) => new(StatusCodes.Status400BadRequest, message, param);
}
