using Grpc.Core;
using Microsoft.Extensions.Options;
using TtsGrpc.Core;
using TtsGrpc.Core.Synthesis;

namespace TtsGrpc.Server.Services;

/// <summary>
/// Admission control for synthesis calls: past the configured number in flight a call is refused at
/// once (RESOURCE_EXHAUSTED with a retry hint in the standard grpc-retry-pushback-ms trailer) instead
/// of queueing without bound.
/// </summary>
internal sealed class CallLimiter(IOptions<SynthesisOptions> options)
{
    private const int RetryAfterMs = 1000;
    private int _active;

    public int Active => Volatile.Read(ref _active);

    public Lease Enter(ServerCallContext context)
    {
        var limit = options.Value.MaxConcurrentCalls;
        if (Interlocked.Increment(ref _active) > limit)
        {
            Interlocked.Decrement(ref _active);
            context.ResponseTrailers.Add("grpc-retry-pushback-ms", RetryAfterMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw new TtsException(
                TtsErrorKind.ResourceExhausted,
                $"The server is serving its limit of {limit} synthesis calls; retry in {RetryAfterMs / 1000} s.");
        }

        return new Lease(this);
    }

    internal readonly struct Lease(CallLimiter owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._active);
    }
}
