using Grpc.Core;

namespace TtsGrpc.Server.Services;

/// <summary>
/// A request stream whose reads give up when the client sends nothing for <c>idle</c>: only the wait for a
/// message is timed, never the time spent answering one (a slow reader holding the server back is not idle).
/// </summary>
internal sealed class IdleInput<T>(IAsyncStreamReader<T> reader, TimeSpan idle, CancellationToken callToken) : IDisposable
{
    private readonly CancellationTokenSource _wait = CancellationTokenSource.CreateLinkedTokenSource(callToken);

    /// <summary>Whether the last read ended because the idle time ran out (not because the call ended).</summary>
    public bool TimedOut => _wait.IsCancellationRequested && !callToken.IsCancellationRequested;

    public async Task<bool> MoveNextAsync()
    {
        _wait.CancelAfter(idle);
        try
        {
            return await reader.MoveNext(_wait.Token);
        }
        finally
        {
            _wait.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _wait.Dispose();
}
