using System.Runtime.InteropServices;
using Bench.V1;
using Google.Protobuf;
using Grpc.Core;

namespace TtsGrpc.Benchmarks.Grpc;

/// <summary>
/// Answers every Fetch with the same pre-made bytes: what a call costs when the server does nothing. Synthesize
/// adds only the engine: the sentence rendered by espeak-ng on each call, sent as LINEAR16 in messages of
/// <paramref name="chunkBytes"/>.
/// </summary>
internal sealed class BareService(ByteString audio, IReadOnlyList<ByteString> stream, RawSynthesis engine, int chunkBytes) : Bare.BareBase
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

    public override async Task Synthesize(FetchRequest request, IServerStreamWriter<FetchResponse> responseStream, ServerCallContext context)
    {
        var pcm = await engine.SynthesizeAsync(context.CancellationToken);
        var bytes = MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray();
        for (var offset = 0; offset < bytes.Length; offset += chunkBytes)
        {
            var chunk = ByteString.CopyFrom(bytes, offset, Math.Min(chunkBytes, bytes.Length - offset));
            await responseStream.WriteAsync(new FetchResponse { Audio = chunk }, context.CancellationToken);
        }
    }
}
