using System.Collections.Concurrent;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TtsGrpc.Core.Engines;
using TtsGrpc.Server;
using TtsGrpc.Server.Http;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// The real server (Kestrel, h2c) on a free loopback port with its data in a fresh temp directory,
/// shared by the integration tests of this assembly. If it does not start in time, the failure
/// carries the server's log.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<string> _log = new();
    private readonly bool _ownsDirectory;
    private readonly string[] _settings;
    private WebApplication? _app;

    public ServerFixture()
        : this(Path.Combine(Path.GetTempPath(), "ttsgrpc-tests-" + Guid.NewGuid().ToString("N")), ownsDirectory: true)
    {
    }

    private ServerFixture(string dataDirectory, bool ownsDirectory, params string[] settings)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        _settings = settings;
    }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app!.Services;

    public GrpcChannel Channel { get; private set; } = null!;

    public string Address { get; private set; } = "";

    /// <summary>The HTTP API's address (http://127.0.0.1:port); empty when a test turned it off.</summary>
    public string HttpAddress { get; private set; } = "";

    public string Log => string.Join(Environment.NewLine, _log);

    /// <summary>
    /// A server of its own on <paramref name="dataDirectory"/> (kept afterwards, so a restart finds it),
    /// with extra command-line <paramref name="settings"/> such as "--Tts:Synthesis:MaxConcurrentCalls=1".
    /// </summary>
    public static async Task<ServerFixture> StartAsync(string dataDirectory, params string[] settings)
    {
        var server = new ServerFixture(dataDirectory, ownsDirectory: false, settings);
        await server.InitializeAsync();
        return server;
    }

    public async ValueTask InitializeAsync()
    {
        _app = ServerApp.Build(
            // Metrics are off unless a test asks: their port is fixed, and tests run many servers at once.
            [
                "--urls", "http://127.0.0.1:0", $"--Tts:DataDirectory={DataDirectory}", "--Tts:Metrics:Enabled=false",
                // The HTTP API on a port of its own too: its default 8880 is fixed, and parallel servers would collide on it.
                "--Tts:Http:Urls=http://127.0.0.1:0",
                // The per-call summary line is Debug; tests read it (request ids) as an operator who turned it on would.
                "--Logging:LogLevel:TtsGrpc.Server.Services=Debug", .. _settings,
            ],
            builder => builder.Logging.ClearProviders().AddProvider(new QueueLoggerProvider(_log)));
        using var timeout = new CancellationTokenSource(StartupTimeout);
        try
        {
            await _app.StartAsync(timeout.Token);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"The server did not start within {StartupTimeout}. Its log:{Environment.NewLine}{Log}", e);
        }

        Address = _app.Urls.First();
        HttpAddress = _app.Services.GetRequiredService<HttpAddresses>().Urls.FirstOrDefault() ?? "";
        Channel = GrpcChannel.ForAddress(Address);
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_ownsDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
