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
    private readonly List<string> _lines;

    private ServerProcess(Process process, string address, List<string> lines)
    {
        _process = process;
        _lines = lines;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    public string Address { get; }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public GrpcChannel Channel { get; }

    /// <param name="dataDirectory">The server's data directory.</param>
    /// <param name="fileSizeLimitKiB">
    /// When set, no file the server writes may grow past this size (RLIMIT_FSIZE, with SIGXFSZ ignored so
    /// a write past it fails with EFBIG instead of killing the process): the store's files stop growing as
    /// on a full disk.
    /// </param>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, int? fileSizeLimitKiB = null)
    {
        var serverDll = typeof(ServerApp).Assembly.Location;
        var info = new ProcessStartInfo(fileSizeLimitKiB is null ? "dotnet" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        if (fileSizeLimitKiB is { } limit)
        {
            // bash's ulimit -f counts 1024-byte blocks; an ignored signal stays ignored across exec.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"trap '' XFSZ; ulimit -f {limit}; exec dotnet \"$@\"");
            info.ArgumentList.Add("bash");
            // The runtime's write-xor-execute double mapping backs code memory with a large file, which the limit would refuse.
            info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }

        foreach (var argument in new[] { serverDll, "--urls", "http://127.0.0.1:0", $"--Tts:DataDirectory={dataDirectory}" })
        {
            info.ArgumentList.Add(argument);
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
