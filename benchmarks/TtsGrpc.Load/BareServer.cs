using Bench.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Load;

/// <summary>
/// The floor the real server is measured against: Kestrel configured like it (h2c on loopback), serving
/// tts.v1 Synthesize from the recorded answers: a dictionary look-up and the writes, no cache logic,
/// no validation, no logging. Also a unary Fetch of the first recorded message, the floor for one call.
/// </summary>
internal static class BareServer
{
    public static async Task<int> RunAsync(string recording, CancellationToken cancellationToken)
    {
        var answers = Recording.Read(recording);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(answers);

        await using var app = builder.Build();
        app.MapGrpcService<RecordedSpeech>();
        app.MapGrpcService<RecordedFetch>();
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"Now listening on: {app.Urls.First()}");
        Console.WriteLine($"serving {answers.Count} recorded answers");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private sealed class RecordedSpeech(Dictionary<ByteString, SynthesizeResponse[]> answers) : TextToSpeech.TextToSpeechBase
    {
        public override async Task Synthesize(SynthesizeRequest request, IServerStreamWriter<SynthesizeResponse> responseStream, ServerCallContext context)
        {
            if (!answers.TryGetValue(request.ToByteString(), out var messages))
            {
                throw new RpcException(new Status(StatusCode.NotFound, "not in the recording"));
            }

            foreach (var message in messages)
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        }
    }

    private sealed class RecordedFetch(Dictionary<ByteString, SynthesizeResponse[]> answers) : Bare.BareBase
    {
        private readonly FetchResponse _first = new() { Audio = answers.Values.First()[0].Audio };

        public override Task<FetchResponse> Fetch(FetchRequest request, ServerCallContext context) => Task.FromResult(_first);
    }
}
