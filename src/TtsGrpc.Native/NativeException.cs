namespace TtsGrpc.Native;

/// <summary>A libttsnative call failed; the message is the library's own explanation.</summary>
public sealed class NativeException : Exception
{
    public NativeException()
    {
    }

    public NativeException(string message)
        : base(message)
    {
    }

    public NativeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NativeException(NativeStatus status, string message)
        : base(message) => Status = status;

    public NativeStatus Status { get; } = NativeStatus.Internal;
}
