using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server;
using TtsGrpc.Server.Http;

namespace TtsGrpc.Benchmarks.Internal;

/// <summary>
/// The real server in this process on a loopback port, with its data in a temp directory of its own that disposing
/// removes: metrics and the HTTP API off, no logging, unless <c>settings</c> say otherwise (later settings win).
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private BenchServer(WebApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        Channel = GrpcChannel.ForAddress(app.Urls.First());
        Tts = new TextToSpeech.TextToSpeechClient(Channel);
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public GrpcChannel Channel { get; }

    public TextToSpeech.TextToSpeechClient Tts { get; }

    /// <summary>The HTTP API's first address (set <c>--Tts:Http:Urls=http://127.0.0.1:0</c> to have one).</summary>
    public string HttpAddress => App.Services.GetRequiredService<HttpAddresses>().Urls.First();

    public static async Task<BenchServer> StartAsync(params string[] settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ttsgrpc-bench-" + Guid.NewGuid().ToString("N"));
        var app = ServerApp.Build(
            ["--urls", "http://127.0.0.1:0", "--Tts:DataDirectory=" + directory, "--Tts:Metrics:Enabled=false", "--Tts:Http:Urls=", .. settings],
            builder => builder.Logging.ClearProviders());
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            DeleteDirectory(directory);
            throw;
        }

        return new BenchServer(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        DeleteDirectory(DataDirectory);
    }

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
