using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Load.Trace;

/// <summary>
/// The replicas of one configuration, each a real server in its own process with its own data directory.
/// Their memory tier is bounded in entries (bytes far above what those entries take, so the entry bound is
/// the one that evicts); their disk tier is held at its minimum, 1 MiB, so what is compared is the memory
/// tiers and the shared tier, not a local RocksDB that would hold the whole trace.
/// </summary>
internal sealed class TraceReplicas : IAsyncDisposable
{
    /// <summary>The smallest disk tier the server accepts (Tts:Cache:DiskCapacityBytes).</summary>
    public const long MinimumDiskBytes = 1 << 20;

    private readonly List<ChildServer> _servers = [];
    private readonly List<GrpcChannel> _channels = [];

    private TraceReplicas()
    {
    }

    public int Count => _servers.Count;

    public IReadOnlyList<TextToSpeech.TextToSpeechClient> Speech { get; private set; } = [];

    public IReadOnlyList<CacheAdmin.CacheAdminClient> Admin { get; private set; } = [];

    public static async Task<TraceReplicas> StartAsync(TraceConfiguration configuration, TraceSettings settings, string scratch, RedisServer? redis)
    {
        var replicas = new TraceReplicas();
        try
        {
            for (var i = 0; i < configuration.Replicas; i++)
            {
                List<string> arguments =
                [
                    "--urls", "http://127.0.0.1:0",
                    "--Tts:DataDirectory=" + Path.Combine(scratch, $"{configuration.Name}-{i}"),
                    $"--Tts:Metrics:Port={LoadCommands.FreePort()}",
                    "--Tts:Http:Urls=", // replicas answer gRPC only: the HTTP API's fixed default port would be taken twice
                    $"--Tts:Cache:MemoryMaxEntries={configuration.MemoryEntries}",
                    // 1 MiB per entry: far above a short sentence's PCM, so only the entry bound evicts.
                    $"--Tts:Cache:MemoryCapacityBytes={Math.Min(configuration.MemoryEntries << 20, 1L << 40)}",
                    $"--Tts:Cache:DiskCapacityBytes={MinimumDiskBytes}",
                    // Per-request information logs would cost the 2-core machine more than the requests; startup still prints its address.
                    "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
                ];
                if (configuration.Shared)
                {
                    var server = redis ?? throw new InvalidOperationException("the shared configuration needs a Redis");
                    arguments.Add("--Tts:Cache:Redis:Configuration=" + server.Configuration);
                    arguments.Add("--Tts:Cache:Redis:KeyPrefix=tts-trace:");
                }

                arguments.AddRange(settings.ServerArgs);
                replicas._servers.Add(await ChildServer.StartAsync(
                    $"{configuration.Name} replica {i}", settings.ServerDll, arguments, TimeSpan.FromSeconds(90)));
            }

            replicas._channels.AddRange(replicas._servers.Select(s => GrpcChannel.ForAddress(s.Address, new GrpcChannelOptions { MaxReceiveMessageSize = null })));
            replicas.Speech = replicas._channels.Select(c => new TextToSpeech.TextToSpeechClient(c)).ToArray();
            replicas.Admin = replicas._channels.Select(c => new CacheAdmin.CacheAdminClient(c)).ToArray();
            return replicas;
        }
        catch
        {
            await replicas.DisposeAsync();
            throw;
        }
    }

    /// <summary>One Synthesize of one sentence (LINEAR16 at the voice's rate: the master's own bytes, no rendered tier).</summary>
    public async Task<TraceCall> SynthesizeAsync(int replica, string text)
    {
        var request = new SynthesizeRequest { Text = text, Voice = "en-us", Format = new AudioFormat { Encoding = AudioEncoding.Linear16 } };
        var started = Stopwatch.GetTimestamp();
        double firstAudio = -1;
        try
        {
            using var call = Speech[replica].Synthesize(request, deadline: DateTime.UtcNow.AddMinutes(1));
            SynthesisSummary? summary = null;
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                if (firstAudio < 0 && !message.Audio.IsEmpty)
                {
                    firstAudio = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                summary = message.Summary ?? summary;
            }

            if (summary is null)
            {
                return new TraceCall(firstAudio, false, StatusCode.OK, "no summary");
            }

            // One sentence is one segment, so a request is one cache lookup; anything else breaks the hit ratio's meaning.
            return summary.SegmentsTotal != 1
                ? new TraceCall(firstAudio, false, StatusCode.OK, $"{summary.SegmentsTotal} segments")
                : new TraceCall(firstAudio, summary.SegmentsCached == 1, StatusCode.OK, null);
        }
        catch (RpcException e)
        {
            return new TraceCall(firstAudio, false, e.StatusCode, null);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException)
        {
            return new TraceCall(firstAudio, false, StatusCode.Unknown, e.GetType().Name);
        }
    }

    public async Task<CacheStats[]> StatsAsync() => await Task.WhenAll(Admin.Select(async a =>
        await a.GetCacheStatsAsync(new GetCacheStatsRequest(), deadline: DateTime.UtcNow.AddMinutes(1))));

    public async Task ClearMemoryAsync(int replica) =>
        await Admin[replica].ClearCacheAsync(new ClearCacheRequest { Scope = CacheScope.Memory }, deadline: DateTime.UtcNow.AddMinutes(1));

    public string Tails() => string.Join("\n", _servers.Select(s => $"--- {s.Name}:\n{s.Tail()}"));

    public static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }
}
