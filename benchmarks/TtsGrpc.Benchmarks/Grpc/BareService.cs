using Bench.V1;
using Google.Protobuf;
using Grpc.Core;

namespace TtsGrpc.Benchmarks.Grpc;

/// <summary>Answers every Fetch with the same pre-made bytes: what a call costs when the server does nothing.</summary>
internal sealed class BareService(ByteString audio, IReadOnlyList<ByteString> stream) : Bare.BareBase
{
    private readonly FetchResponse _response = new() { Audio = audio };
    private readonly FetchResponse[] _messages = [.. stream.Select(chunk => new FetchResponse { Audio = chunk })];

    public override Task<FetchResponse> Fetch(FetchRequest request, ServerCallContext context) => Task.FromResult(_response);

    public override async Task Stream(FetchRequest request, IServerStreamWriter<FetchResponse> responseStream, ServerCallContext context)
    {
        foreach (var message in _messages)
        {
            await responseStream.WriteAsync(message, context.CancellationToken);
        }
    }
}
