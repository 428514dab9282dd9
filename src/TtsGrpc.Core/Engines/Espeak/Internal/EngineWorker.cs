using System.Collections.Concurrent;

namespace TtsGrpc.Core.Engines.Espeak.Internal;

/// <summary>
/// One dedicated thread that owns a library with global state. Callers await; no thread-pool or
/// gRPC thread ever blocks on the library.
/// </summary>
internal sealed class EngineWorker : IDisposable
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread _thread;

    public EngineWorker(string name)
    {
        _thread = new Thread(Drain) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                completion.TrySetResult(work());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            catch (Exception e)
            {
                completion.TrySetException(e);
            }
        }, CancellationToken.None);
        return completion.Task;
    }

    public void Dispose() => _queue.CompleteAdding();

    private void Drain()
    {
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work();
        }
    }
}
