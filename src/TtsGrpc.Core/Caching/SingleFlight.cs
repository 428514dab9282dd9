namespace TtsGrpc.Core.Caching;

/// <summary>
/// Concurrent callers that need the same key share one computation. The computation is cancelled
/// only when every caller waiting on it has cancelled; otherwise it finishes for those still waiting.
/// A flight whose last waiter left is forgotten at that moment, under the same lock that joins
/// callers, so a caller arriving after it starts a fresh computation and can never receive a
/// cancellation that only the departed callers asked for.
/// </summary>
public sealed class SingleFlight<T>
{
    private readonly Dictionary<string, Flight> _flights = [];
    private readonly Lock _gate = new();
    private long _shared;

    /// <summary>Callers that joined a computation another caller had started.</summary>
    public long Shared => Interlocked.Read(ref _shared);

    public async Task<T> RunAsync(string key, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flight flight;
        lock (_gate)
        {
            if (_flights.TryGetValue(key, out var existing))
            {
                flight = existing;
                flight.Waiters++;
                Interlocked.Increment(ref _shared);
            }
            else
            {
                flight = new Flight();
                _flights[key] = flight;
                flight.Task = RunAndForgetAsync(key, flight, compute);
            }
        }

        try
        {
            return await flight.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Leave(key, flight);
            throw;
        }
    }

    private void Leave(string key, Flight flight)
    {
        lock (_gate)
        {
            if (--flight.Waiters > 0)
            {
                return;
            }

            // Nobody wants the result any more: stop it, and let the next caller start afresh.
            if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
            {
                _flights.Remove(key);
            }

            flight.Cancellation.Cancel();
        }
    }

    private async Task<T> RunAndForgetAsync(string key, Flight flight, Func<CancellationToken, Task<T>> compute)
    {
        try
        {
            await Task.Yield(); // leave the lock before the computation starts
            return await compute(flight.Cancellation.Token);
        }
        finally
        {
            lock (_gate)
            {
                if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
                {
                    _flights.Remove(key);
                }
            }
        }
    }

    private sealed class Flight
    {
        // Not disposed: a late waiter may still cancel it after the computation ended; it holds no timer.
        public CancellationTokenSource Cancellation { get; } = new();

        public Task<T> Task { get; set; } = null!;

        public int Waiters { get; set; } = 1;
    }
}
