using Bench.V1;
using Google.Protobuf;
using Grpc.Core;

namespace TtsGrpc.Benchmarks.Grpc;

/// <summary>Answers every Fetch with the same pre-made bytes: what a call costs when the server does nothing.</summary>
internal sealed class BareService(ByteString audio) : Bare.BareBase
{
    private readonly FetchResponse _response = new() { Audio = audio };

    public override Task<FetchResponse> Fetch(FetchRequest request, ServerCallContext context) => Task.FromResult(_response);
}
