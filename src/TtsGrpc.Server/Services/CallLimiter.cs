using Microsoft.Extensions.Options;
using TtsGrpc.Core.Synthesis;

namespace TtsGrpc.Server.Services;

/// <summary>Admission of synthesis calls (Synthesize, StreamingSynthesize): Tts:Synthesis:MaxConcurrentCalls.</summary>
internal sealed class CallLimiter(IOptions<SynthesisOptions> options) : Admission
{
    protected override int Limit => options.Value.MaxConcurrentCalls;

    protected override string Refusal(int limit, int retryAfterSeconds) =>
        $"The server is serving its limit of {limit} synthesis calls; retry in {retryAfterSeconds} s.";
}
