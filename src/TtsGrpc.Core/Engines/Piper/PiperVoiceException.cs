namespace TtsGrpc.Core.Engines.Piper;

/// <summary>A Piper voice's files cannot be used; the message names the file and the reason.</summary>
public sealed class PiperVoiceException : Exception
{
    public PiperVoiceException()
    {
    }

    public PiperVoiceException(string message)
        : base(message)
    {
    }

    public PiperVoiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
