using Grpc.Core;

namespace TtsGrpc.Load.Trace;

/// <summary>One request of the trace: when its first audio came, whether it was a cache hit, and how it ended.</summary>
internal readonly record struct TraceCall(double FirstAudioMs, bool Hit, StatusCode Status, string? Error)
{
    public bool Failed => Status != StatusCode.OK || Error is not null;
}
