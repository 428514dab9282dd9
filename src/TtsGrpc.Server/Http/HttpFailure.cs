using TtsGrpc.Core;
using TtsGrpc.Native;
using TtsGrpc.Server.Services;

namespace TtsGrpc.Server.Http;

/// <summary>What an exception means to an HTTP client: status, message, OpenAI param/code; the same mapping as gRPC's ErrorInterceptor.</summary>
internal sealed record HttpFailure(int Status, string Message, string? Param = null, string? Code = null, int? RetryAfterSeconds = null)
{
    /// <summary>A failure of the server's own, logged with its stack (4xx and 503 are the request's or a dependency's).</summary>
    public bool IsFault => Status == StatusCodes.Status500InternalServerError;

    public static HttpFailure Of(Exception exception) => exception switch
    {
        HttpApiException e => new(e.Status, e.Message, e.Param, e.Code),
        TtsException { Kind: TtsErrorKind.InvalidArgument } e => new(StatusCodes.Status400BadRequest, e.Message),
        TtsException { Kind: TtsErrorKind.NotFound } e => new(StatusCodes.Status404NotFound, e.Message),
        TtsException { Kind: TtsErrorKind.ResourceExhausted } e =>
            new(StatusCodes.Status429TooManyRequests, e.Message, RetryAfterSeconds: Admission.RetryAfterSeconds),
        TtsException { Kind: TtsErrorKind.FailedPrecondition } e => new(StatusCodes.Status400BadRequest, e.Message),
        TtsException { Kind: TtsErrorKind.Unavailable } e => new(StatusCodes.Status503ServiceUnavailable, e.Message),
        TtsException e => new(StatusCodes.Status500InternalServerError, e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(
            StatusCodes.Status413PayloadTooLarge,
            $"The request body is larger than {HttpOptions.Section}:MaxRequestBytes allows; a speech request is a small JSON object (input at most {SpeechRequest.MaxInputLength} characters)."),
        BadHttpRequestException e => new(e.StatusCode, $"The request could not be read: {e.Message}"),
        // Work this request waited on was stopped for a reason of the server's (it is shutting down): worth a retry.
        OperationCanceledException => new(StatusCodes.Status503ServiceUnavailable, "The server stopped work this request was waiting for; retry the request."),
        NativeException e => new(StatusCodes.Status500InternalServerError, "The native audio core failed: " + e.Message),
        _ => new(StatusCodes.Status500InternalServerError, "The server failed to process the request; the error was logged."),
    };
}
