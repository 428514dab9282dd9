using Microsoft.Extensions.Options;
using TtsGrpc.Core.Caching;
using TtsGrpc.Server.Logging;
using TtsGrpc.Server.Services;

namespace TtsGrpc.Server.Hosting;

/// <summary>
/// The stop sequence on SIGTERM or Ctrl+C. The host first stops Kestrel: no new connections or calls,
/// calls in flight run on for up to Tts:Shutdown:TimeoutSeconds and are cancelled after that. Only then,
/// once no call is left to produce audio, the queued cache writes are drained and the store is closed,
/// so a restart serves everything synthesized before the stop. Disposal of the container would do
/// the same in the same order; doing it here makes the order explicit and logged.
/// </summary>
internal sealed class GracefulShutdown(
    AudioCache cache, CallLimiter calls, IOptions<ShutdownOptions> options, ILogger<GracefulShutdown> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        ServerLog.Stopping(logger, calls.Active, options.Value.TimeoutSeconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary><paramref name="cancellationToken"/> is the host's stop timeout: cancelled here means calls were cut off.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            ServerLog.StopTimedOut(logger, options.Value.TimeoutSeconds);
        }

        ServerLog.Stopped(logger, cache.Close());
        return Task.CompletedTask;
    }
}
