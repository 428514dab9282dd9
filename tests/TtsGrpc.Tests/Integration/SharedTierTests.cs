using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;
using static TtsGrpc.Tests.Support.SharedTierCluster;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Replicas sharing one cache tier on a RESP server. Each scenario runs against Debian's redis-server and against
/// Garnet (the derived classes), so the commands the tier uses are shown to be portable. Every scenario has its own
/// server and replicas; nothing waits by sleeping, each wait polls a condition with a deadline.
/// </summary>
public abstract partial class SharedTierTests
{
    private const string TwoSentences = "The shared tier keeps what one replica made. Every other replica serves it from there.";

    /// <summary>A fresh, empty server for one scenario.</summary>
    protected abstract Task<RespServer> StartServerAsync();

    [Fact]
    public async Task Synthesize_SegmentsMadeOnOneReplica_AreByteIdenticalSharedHitsOnTheOthers()
    {
        await using var cluster = await SharedTierCluster.StartAsync(await StartServerAsync(), replicas: 3);
        var (a, b, c) = (cluster.Replicas[0], cluster.Replicas[1], cluster.Replicas[2]);
        var request = new SynthesizeRequest { Text = TwoSentences };

        var made = await SynthesisCall.RunAsync(Speech(a), request);
        Assert.Equal(0, made.Summary.SegmentsCached);
        Assert.Equal(2, (await StatsAsync(a)).SharedTier.Writes); // waits for a's queued shared writes

        foreach (var other in new[] { b, c })
        {
            var served = await SynthesisCall.RunAsync(Speech(other), request);
            Assert.Equal(2, served.Summary.SegmentsCached);
            Assert.Equal(made.Audio, served.Audio);
            Assert.Equal(0, EngineCalls(other));
            var stats = await StatsAsync(other);
            Assert.Equal(2, stats.Shared.Hits);
            Assert.Equal(2, stats.Disk.Entries); // a shared hit is kept locally: the next lookup stays on the replica
        }

        // The third ask on b is local: memory, not the shared tier.
        var again = await SynthesisCall.RunAsync(Speech(b), request);
        Assert.Equal(made.Audio, again.Audio);
        Assert.Equal(2, (await StatsAsync(b)).Shared.Hits);
    }

    [Fact]
    public async Task Synthesize_TwelveConcurrentRequestsOverThreeReplicas_MakeEachSegmentOnce()
    {
        await using var cluster = await SharedTierCluster.StartAsync(await StartServerAsync(), replicas: 3);
        var request = new SynthesizeRequest
        {
            Text = "Twelve callers ask at once. Three replicas share the work. Each sentence is spoken only once.",
        };
        var segments = (await KeysAsync(cluster.Replicas[0], request)).Length;
        Assert.Equal(3, segments);

        var calls = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => SynthesisCall.RunAsync(Speech(cluster.Replicas[i % 3]), request)));

        Assert.Equal(segments, cluster.Replicas.Sum(EngineCalls));
        // One render of each segment, so every caller got the same bytes (fresh renders of one text differ).
        Assert.All(calls, call => Assert.Equal(calls[0].Audio, call.Audio));
        var stats = await Task.WhenAll(cluster.Replicas.Select(StatsAsync));
        Assert.Equal(segments, stats.Sum(s => s.SharedTier.LeasesTaken));
        Assert.Equal(0, stats.Sum(s => s.SharedTier.LeaseWaitTimeouts));
    }

    [Fact]
    public async Task GetCacheStats_SharedTierConfigured_ReportsItAndItsMetricsCarryTierShared()
    {
        var metricsPort = Scrape.FreePort();
        await using var cluster = await SharedTierCluster.StartAsync(
            await StartServerAsync(), replicas: 1, "--Tts:Metrics:Enabled=true", $"--Tts:Metrics:Port={metricsPort}");
        var replica = cluster.Replicas[0];
        await SynthesisCall.RunAsync(Speech(replica), new SynthesizeRequest { Text = "Counted once." });
        var stats = await StatsAsync(replica);
        Assert.Equal(1, stats.Shared.Misses);
        Assert.Equal(1, stats.SharedTier.Writes);
        Assert.True(stats.SharedTier.Connected);

        using var http = new HttpClient();
        var scrape = await Scrape.ReadAsync(http, $"http://127.0.0.1:{metricsPort}/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(1, scrape.Value("tts_cache_misses_total", ("tier", "shared")));
        Assert.Equal(1, scrape.Value("tts_cache_shared_connected"));
        Assert.Equal(0, scrape.Value("tts_cache_corrupt_total", ("tier", "shared")));
    }
}
