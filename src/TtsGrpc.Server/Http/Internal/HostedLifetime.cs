namespace TtsGrpc.Server.Http.Internal;

/// <summary>
/// The HTTP API's host lives inside the server's: the server's lifetime handles Ctrl+C and SIGTERM and stops this
/// host in its own stop sequence, so this one listens to no signal of its own.
/// </summary>
internal sealed class HostedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
