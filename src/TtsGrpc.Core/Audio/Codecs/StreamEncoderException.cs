namespace TtsGrpc.Core.Audio.Codecs;

/// <summary>A codec library refused a call: a bug or a broken installation, never the client's input.</summary>
public sealed class StreamEncoderException : Exception
{
    public StreamEncoderException()
    {
    }

    public StreamEncoderException(string message)
        : base(message)
    {
    }

    public StreamEncoderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
