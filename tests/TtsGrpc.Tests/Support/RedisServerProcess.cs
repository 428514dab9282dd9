using System.Diagnostics;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// Debian's redis-server as a child process on a free loopback port, with nothing persisted. The port is found by
/// binding port 0 and releasing it; if another process takes it before redis binds, a new one is tried.
/// </summary>
public sealed class RedisServerProcess : RespServer
{
    private const string Executable = "/usr/bin/redis-server";
    private const int Attempts = 5;
    private Process? _process;
    private string _output = "";

    private RedisServerProcess()
    {
    }

    public override string Name => "redis-server";

    public static async Task<RedisServerProcess> StartAsync(int port = 0)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing; install Debian's redis-server (build.sh does).");
        var server = new RedisServerProcess();
        for (var attempt = 1; ; attempt++)
        {
            server.Port = port != 0 ? port : Scrape.FreePort();
            if (await server.TryStartAsync())
            {
                return server;
            }

            Assert.True(attempt < Attempts, $"redis-server did not start on port {server.Port} after {Attempts} tries:\n{server._output}");
        }
    }

    public override async Task KillAsync()
    {
        if (_process is { } process)
        {
            process.Kill();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30));
            process.Dispose();
            _process = null;
        }
    }

    public override async Task RestartAsync()
    {
        await KillAsync();
        // The same port: a replica keeps its configuration. A port in TIME_WAIT does not stop redis (SO_REUSEADDR).
        for (var attempt = 1; !await TryStartAsync(); attempt++)
        {
            Assert.True(attempt < Attempts, $"redis-server did not start again on port {Port}:\n{_output}");
        }
    }

    public override async ValueTask DisposeAsync() => await KillAsync();

    private async Task<bool> TryStartAsync()
    {
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await WaitReadyAsync(Port, () => !process.HasExited))
        {
            _process = process;
            return true;
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30));
        lock (output)
        {
            _output = output.ToString();
        }

        process.Dispose();
        return false;
    }
}
