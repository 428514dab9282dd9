using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Net.Client;
using TtsGrpc.Server;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// The real server as a separate process (dotnet TtsGrpc.Server.dll), for tests that must kill it
/// the hard way. Its address comes from Kestrel's "Now listening on" line.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output;

    private ServerProcess(Process process, string address, List<string> output)
    {
        _process = process;
        _output = output;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    public string Address { get; }

    public GrpcChannel Channel { get; }

    /// <summary>What the process has written to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts the server on <paramref name="dataDirectory"/> with extra command-line <paramref name="settings"/>.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] settings)
    {
        var serverDll = typeof(ServerApp).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { serverDll, "--urls", "http://127.0.0.1:0", $"--Tts:DataDirectory={dataDirectory}", "--Tts:Metrics:Enabled=false" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        foreach (var setting in settings)
        {
            info.ArgumentList.Add(setting);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new ServerProcess(process, address, lines);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            lock (lines)
            {
                throw new InvalidOperationException("The server process did not start. Its output:\n" + string.Join('\n', lines));
            }
        }
    }

    /// <summary>SIGTERM, as a service manager stops the server: the graceful shutdown runs.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
