namespace TtsGrpc.Tests.Support;

/// <summary>
/// A server of one test class's own (class fixture), so its cache counters move only with that
/// class's calls and "nothing was stored" can be checked exactly.
/// </summary>
public sealed class PrivateServer : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public ServerFixture Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await ServerFixture.StartAsync(_directory.Path);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
