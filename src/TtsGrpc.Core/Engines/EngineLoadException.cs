namespace TtsGrpc.Core.Engines;

/// <summary>
/// The speech engine's library or data could not be loaded: nothing a request can fix, so the server does not
/// start. The message says what was looked for, where, and how to install it.
/// </summary>
public sealed class EngineLoadException : Exception
{
    public EngineLoadException()
    {
    }

    public EngineLoadException(string message)
        : base(message)
    {
    }

    public EngineLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
