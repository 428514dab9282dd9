namespace TtsGrpc.Core;

/// <summary>What kind of mistake or condition stopped a request; the server maps it to a status code.</summary>
public enum TtsErrorKind
{
    InvalidArgument,
    NotFound,
    ResourceExhausted,
    FailedPrecondition,
    Unavailable,
}
