namespace TtsGrpc.Core;

/// <summary>A request the service refuses, with a message a person can act on.</summary>
public sealed class TtsException : Exception
{
    public TtsException()
    {
    }

    public TtsException(string message)
        : base(message)
    {
    }

    public TtsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TtsException(TtsErrorKind kind, string message)
        : base(message) => Kind = kind;

    public TtsErrorKind Kind { get; } = TtsErrorKind.InvalidArgument;

    public static TtsException Invalid(string message) => new(TtsErrorKind.InvalidArgument, message);
}
