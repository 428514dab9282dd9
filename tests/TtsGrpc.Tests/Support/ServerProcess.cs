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

    /// <summary>Starts the server with extra command-line <paramref name="settings"/> such as "--Tts:Synthesis:Lookahead=3".</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, params string[] settings) =>
        StartAsync(dataDirectory, new Dictionary<string, string>(), settings);

    /// <summary>Starts the server with extra <paramref name="environment"/> variables and command-line <paramref name="settings"/>.</summary>
    public static Task<ServerProcess> StartAsync(
        string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] settings) =>
        StartAsync(StartInfo(dataDirectory, environment, settings));

    /// <summary>
    /// Starts the server with no file it writes allowed past <paramref name="fileSizeLimitKiB"/> (RLIMIT_FSIZE,
    /// with SIGXFSZ ignored so a write past it fails with EFBIG instead of killing the process): the store's
    /// files stop growing as on a full disk.
    /// </summary>
    public static Task<ServerProcess> StartWithFileSizeLimitAsync(string dataDirectory, int fileSizeLimitKiB)
    {
        var info = StartInfo(dataDirectory, new Dictionary<string, string>(), []);
        info.FileName = "bash";
        // bash's ulimit -f counts 1024-byte blocks; an ignored signal stays ignored across exec.
        string[] wrapper = ["-c", $"trap '' XFSZ; ulimit -f {fileSizeLimitKiB}; exec dotnet \"$@\"", "bash"];
        for (var i = 0; i < wrapper.Length; i++)
        {
            info.ArgumentList.Insert(i, wrapper[i]);
        }

        // The runtime's write-xor-execute double mapping backs code memory with a large file, which the limit would refuse.
        info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        return StartAsync(info);
    }

    private static async Task<ServerProcess> StartAsync(ProcessStartInfo info)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
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

    /// <summary>Runs a server that is expected to stop by itself (a bad setting) and returns how it ended.</summary>
    public static async Task<ExitedProcess> RunToExitAsync(
        string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] settings)
    {
        using var process = Process.Start(StartInfo(dataDirectory, environment, settings)) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The server process did not exit. Its output:\n" + await output + await error);
        }

        return new ExitedProcess(process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo StartInfo(string dataDirectory, IReadOnlyDictionary<string, string> environment, string[] settings)
    {
        var serverDll = typeof(ServerApp).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { serverDll, "--urls", "http://127.0.0.1:0", $"--Tts:DataDirectory={dataDirectory}", "--Tts:Metrics:Enabled=false",
                "--Tts:Http:Urls=http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        foreach (var setting in settings)
        {
            info.ArgumentList.Add(setting);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
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

    public sealed record ExitedProcess(int ExitCode, string StandardOutput, string StandardError);
}
