namespace TtsGrpc.Server.Http.Internal;

/// <summary>
/// Hands the HTTP API's host loggers from the server's own factory, so its lines go where the server's go, under
/// the server's filters; the server owns the factory, so disposing this provider leaves it alone.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory server) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => server.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
