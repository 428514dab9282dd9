using Garnet;

namespace TtsGrpc.Tests.Support;

/// <summary>Garnet (Microsoft's RESP server) started in the test process on a free loopback port, memory only.</summary>
public sealed class GarnetInProcess : RespServer
{
    private const int Attempts = 5;
    private GarnetServer? _server;

    private GarnetInProcess()
    {
    }

    public override string Name => "garnet";

    public static async Task<GarnetInProcess> StartAsync()
    {
        var server = new GarnetInProcess();
        for (var attempt = 1; ; attempt++)
        {
            server.Port = Scrape.FreePort();
            if (await server.TryStartAsync())
            {
                return server;
            }

            Assert.True(attempt < Attempts, $"Garnet did not start on port {server.Port} after {Attempts} tries.");
        }
    }

    public override Task KillAsync()
    {
        _server?.Dispose(); // closes its listener and every client connection, as a crash would
        _server = null;
        return Task.CompletedTask;
    }

    public override async Task RestartAsync()
    {
        await KillAsync();
        for (var attempt = 1; !await TryStartAsync(); attempt++)
        {
            Assert.True(attempt < Attempts, $"Garnet did not start again on port {Port}.");
            await Task.Delay(200, TestContext.Current.CancellationToken); // the old listener's port is being released
        }
    }

    public override async ValueTask DisposeAsync() => await KillAsync();

    private async Task<bool> TryStartAsync()
    {
        GarnetServer server;
        try
        {
            server = new GarnetServer(["--bind", "127.0.0.1", "--port", Port.ToString(), "--index", "16m", "--memory", "256m", "--quiet"]);
            server.Start();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException or IOException)
        {
            return false;
        }

        if (await WaitReadyAsync(Port, () => true))
        {
            _server = server;
            return true;
        }

        server.Dispose();
        return false;
    }
}
