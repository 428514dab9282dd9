using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TtsGrpc.Benchmarks.Grpc;

/// <summary>
/// A minimal Kestrel app serving only <see cref="BareService"/> (ready-made bytes, or the engine alone), configured like the real server
/// (h2c on loopback, no logging), so the two differ only in the work behind the call.
/// </summary>
internal static class BareHost
{
    public static async Task<WebApplication> StartAsync(byte[] audio, IReadOnlyList<byte[]> stream, RawSynthesis engine)
    {
        // --urls on the command line outranks any appsettings.json lying in the output folder.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new BareService(ByteString.CopyFrom(audio), [.. stream.Select(ByteString.CopyFrom)], engine, audio.Length));

        var app = builder.Build();
        app.MapGrpcService<BareService>();
        await app.StartAsync();
        return app;
    }
}
