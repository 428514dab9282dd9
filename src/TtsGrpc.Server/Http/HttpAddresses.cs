namespace TtsGrpc.Server.Http;

/// <summary>
/// The addresses the HTTP API listens on once it has bound (a port 0 resolved to the port it got); empty while
/// it starts or when it is off. Tests and tools that start the server on port 0 read it from here.
/// </summary>
public sealed class HttpAddresses
{
    private volatile IReadOnlyList<string> _urls = [];

    public IReadOnlyList<string> Urls => _urls;

    internal void Set(IEnumerable<string> urls) => _urls = [.. urls];
}
