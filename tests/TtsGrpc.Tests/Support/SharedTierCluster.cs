using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// Replicas of the real server, each with its own data directory, sharing one RESP server through
/// Tts:Cache:Redis; plus the test's own connection to that server, to look at and damage what they share.
/// </summary>
public sealed class SharedTierCluster : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);
    private readonly List<TempDirectory> _directories = [];
    private readonly List<ServerFixture> _replicas = [];
    private ConnectionMultiplexer? _connection;

    private SharedTierCluster(RespServer server) => Server = server;

    public RespServer Server { get; }

    public IReadOnlyList<ServerFixture> Replicas => _replicas;

    /// <summary>
    /// <paramref name="replicas"/> servers on <paramref name="server"/>, each connected to it before this returns.
    /// Command timeouts are generous here (a loaded 2-core machine must not turn a slow answer into a second
    /// synthesis); the fault tests cut the server off, which fails commands at once.
    /// </summary>
    public static async Task<SharedTierCluster> StartAsync(RespServer server, int replicas, params string[] settings)
    {
        var cluster = new SharedTierCluster(server);
        try
        {
            for (var i = 0; i < replicas; i++)
            {
                var directory = new TempDirectory();
                cluster._directories.Add(directory);
                cluster._replicas.Add(await ServerFixture.StartAsync(
                    directory.Path,
                    [
                        $"--Tts:Cache:Redis:Configuration={server.Configuration}", "--Tts:Cache:Redis:OperationTimeout=00:00:05",
                        "--Tts:Cache:Redis:LeaseWait=00:00:30", .. settings,
                    ]));
            }

            foreach (var replica in cluster._replicas)
            {
                await WaitUntilAsync(async () => (await StatsAsync(replica)).SharedTier.Connected, $"replica {replica.Address} connects to {server.Name}");
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static TextToSpeech.TextToSpeechClient Speech(ServerFixture replica) => new(replica.Channel);

    /// <summary>The replica's statistics once the writes it queued before the call (disk and shared) are done.</summary>
    public static async Task<CacheStats> StatsAsync(ServerFixture replica) =>
        await new CacheAdmin.CacheAdminClient(replica.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), deadline: DateTime.UtcNow + CallTimeout);

    /// <summary>The cache keys (hex) of the segments of <paramref name="request"/>, as the replica computes them.</summary>
    public static async Task<string[]> KeysAsync(ServerFixture replica, SynthesizeRequest request)
    {
        var status = await new CacheAdmin.CacheAdminClient(replica.Channel).GetCacheStatusAsync(request, deadline: DateTime.UtcNow + CallTimeout);
        return [.. status.Segments.Select(s => s.Key)];
    }

    /// <summary>Segments the replica's engine was asked to make since it started.</summary>
    public static long EngineCalls(ServerFixture replica) => replica.Services.GetRequiredService<SynthesisCounters>().EngineCalls;

    public static RedisKey ValueKey(string hex) => "tts:seg:" + hex;

    public static RedisKey LeaseKey(string hex) => "tts:lease:" + hex;

    /// <summary>The test's own connection to the shared server (made on first use).</summary>
    public async Task<IDatabase> DatabaseAsync()
    {
        _connection ??= await ConnectionMultiplexer.ConnectAsync(Server.Configuration + ",allowAdmin=true").WaitAsync(CallTimeout);
        return _connection.GetDatabase();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="what"/> after a generous deadline.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.{(describe is null ? "" : Environment.NewLine + await describe())}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Each replica's shared-tier figures and log lines, for a failure message.</summary>
    public async Task<string> DescribeAsync()
    {
        var lines = new List<string>();
        foreach (var replica in _replicas)
        {
            var stats = await StatsAsync(replica);
            lines.Add($"{replica.Address}: {stats.Shared} {stats.SharedTier}");
            lines.AddRange(replica.Log.Split(Environment.NewLine).Where(l => l.Contains("hared", StringComparison.Ordinal)));
        }

        return string.Join(Environment.NewLine, lines);
    }

    public async ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        foreach (var directory in _directories)
        {
            directory.Dispose();
        }

        await Server.DisposeAsync();
    }
}
