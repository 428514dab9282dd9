namespace TtsGrpc.Core.Audio;

/// <summary>Uploaded audio that is not a WAV file this service can read; the message says what is wrong.</summary>
public sealed class WavFormatException : Exception
{
    public WavFormatException()
    {
    }

    public WavFormatException(string message)
        : base(message)
    {
    }

    public WavFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
