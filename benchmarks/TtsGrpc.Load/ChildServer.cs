using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TtsGrpc.Load;

/// <summary>
/// A server in a process of its own (so its memory and CPU are its own), started with
/// <c>--urls http://127.0.0.1:0</c>; its address is read from the "Now listening on" line it prints.
/// </summary>
internal sealed partial class ChildServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ChildServer(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;

    public int Pid => _process.Id;

    public string Name { get; private init; } = "";

    public static async Task<ChildServer> StartAsync(string name, string dll, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var server = new ChildServer(Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}")) { Name = name };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            server.Remember(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        server._process.OutputDataReceived += OnLine;
        server._process.ErrorDataReceived += OnLine;
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var exited = server._process.WaitForExitAsync();
        var ready = await Task.WhenAny(listening.Task, exited, Task.Delay(timeout));
        if (ready != listening.Task)
        {
            var why = ready == exited ? $"exited with {server._process.ExitCode}" : $"did not listen within {timeout.TotalSeconds:F0} s";
            var tail = server.Tail();
            await server.DisposeAsync();
            throw new InvalidOperationException($"{name} ({dll}) {why}. Its last output:\n{tail}");
        }

        server.Address = await listening.Task;
        return server;
    }

    public string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Remember(string line)
    {
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }

    [GeneratedRegex(@"Now listening on:\s*(http\S+)")]
    private static partial Regex ListeningLine();
}
