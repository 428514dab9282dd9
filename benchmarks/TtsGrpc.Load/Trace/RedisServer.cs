using System.Diagnostics;
using System.Globalization;

namespace TtsGrpc.Load.Trace;

/// <summary>
/// Debian's redis-server on a free loopback port, with nothing persisted and Redis's own LRU eviction at a
/// memory bound, as docs/scale-out.md deploys it; asked through redis-cli (same package) for its figures.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    /// <summary>used_memory with no key: what Redis takes for itself, outside the entries.</summary>
    public long EmptyUsedMemory { get; private set; }

    /// <summary>The StackExchange.Redis configuration string the replicas get.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static bool Installed => OnPath("redis-server") && OnPath("redis-cli");

    public static async Task<RedisServer> StartAsync(long maxMemoryBytes, int maxMemorySamples, TimeSpan timeout)
    {
        var port = LoadCommands.FreePort();
        var directory = Directory.CreateTempSubdirectory("tts-redis-").FullName;
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = directory };
        foreach (var argument in new[]
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--maxmemory", maxMemoryBytes.ToString(CultureInfo.InvariantCulture), "--maxmemory-policy", "allkeys-lru",
            "--maxmemory-samples", maxMemorySamples.ToString(CultureInfo.InvariantCulture), "--dir", directory,
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var redis = new RedisServer(process, port, directory);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (process.HasExited)
            {
                await redis.DisposeAsync();
                throw new InvalidOperationException($"redis-server exited with {process.ExitCode} on port {port}");
            }

            if (await redis.TryCliAsync(["PING"]) is "PONG")
            {
                redis.EmptyUsedMemory = long.Parse((await redis.InfoAsync())["used_memory"], CultureInfo.InvariantCulture);
                return redis;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                await redis.DisposeAsync();
                throw new InvalidOperationException($"redis-server did not answer PING on port {port} within {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(100); // polling for readiness, not synchronizing on a guess
        }
    }

    /// <summary>INFO's fields (all sections) by name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> InfoAsync()
    {
        var text = await TryCliAsync(["INFO", "all"]) ?? throw new InvalidOperationException($"redis-server on port {Port} did not answer INFO");
        return text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l.Split(':', 2))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.First()[1]);
    }

    public async Task ConfigSetAsync(string name, string value)
    {
        if (await TryCliAsync(["CONFIG", "SET", name, value]) is not "OK")
        {
            throw new InvalidOperationException($"redis-server on port {Port} refused CONFIG SET {name} {value}");
        }
    }

    public async Task<long> KeysAsync() =>
        long.Parse(await TryCliAsync(["DBSIZE"]) ?? "0", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<string?> TryCliAsync(IEnumerable<string> command)
    {
        var info = new ProcessStartInfo("redis-cli") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture) }.Concat(command))
        {
            info.ArgumentList.Add(argument);
        }

        using var cli = Process.Start(info) ?? throw new InvalidOperationException("could not start redis-cli");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await cli.StandardOutput.ReadToEndAsync(timeout.Token);
        await cli.WaitForExitAsync(timeout.Token);
        return cli.ExitCode == 0 && !output.StartsWith("Could not connect", StringComparison.Ordinal) ? output.Trim() : null;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));
}
