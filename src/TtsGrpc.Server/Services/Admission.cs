using System.Globalization;
using Grpc.Core;
using TtsGrpc.Core;

namespace TtsGrpc.Server.Services;

/// <summary>
/// Admission control for one kind of call: past the configured number in flight a call is refused at
/// once (RESOURCE_EXHAUSTED with a retry hint in the standard grpc-retry-pushback-ms trailer, and the
/// same hint in the message) instead of queueing without bound.
/// </summary>
internal abstract class Admission
{
    private const int RetryAfterMs = 1000;
    private int _active;

    /// <summary>The retry hint a refused caller gets, in whole seconds (HTTP's retry-after).</summary>
    public static int RetryAfterSeconds => RetryAfterMs / 1000;

    public int Active => Volatile.Read(ref _active);

    /// <summary>Calls admitted at once; read per call, so it is the validated setting.</summary>
    protected abstract int Limit { get; }

    /// <summary>What a refused caller reads: which limit was reached and when to retry.</summary>
    protected abstract string Refusal(int limit, int retryAfterSeconds);

    public Lease Enter(ServerCallContext context)
    {
        try
        {
            return Enter();
        }
        catch (TtsException)
        {
            context.ResponseTrailers.Add("grpc-retry-pushback-ms", RetryAfterMs.ToString(CultureInfo.InvariantCulture));
            throw;
        }
    }

    /// <summary>Admits a call of a front end without a gRPC context (the HTTP API), which words the retry hint itself.</summary>
    public Lease Enter()
    {
        var limit = Limit;
        if (Interlocked.Increment(ref _active) > limit)
        {
            Interlocked.Decrement(ref _active);
            throw new TtsException(TtsErrorKind.ResourceExhausted, Refusal(limit, RetryAfterSeconds));
        }

        return new Lease(this);
    }

    internal readonly struct Lease(Admission owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._active);
    }
}
