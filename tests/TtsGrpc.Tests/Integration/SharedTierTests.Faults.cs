using System.Diagnostics;
using Grpc.Core;
using StackExchange.Redis;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;
using static TtsGrpc.Tests.Support.SharedTierCluster;

namespace TtsGrpc.Tests.Integration;

/// <summary>Faults of the shared server: none may cost a request, and sharing comes back by itself.</summary>
public abstract partial class SharedTierTests
{
    public static TheoryData<string> Damages => ["flipped", "truncated"];

    [Fact]
    public async Task Synthesize_ServerKilledMidLoadThenRestarted_NoRequestFailsAndSharingResumes()
    {
        await using var cluster = await SharedTierCluster.StartAsync(await StartServerAsync(), replicas: 2);
        var (a, b) = (cluster.Replicas[0], cluster.Replicas[1]);
        var done = 0;
        var failures = new List<string>();

        // Four callers, two per replica, each through twelve texts; a text repeats on the other replica, so the
        // shared tier is in use when the server goes.
        async Task CallerAsync(int caller)
        {
            for (var i = 0; i < 12; i++)
            {
                var replica = cluster.Replicas[(caller + i) % 2];
                try
                {
                    var call = await SynthesisCall.RunAsync(Speech(replica), new SynthesizeRequest { Text = $"Load sentence {i} for caller {caller % 2}." });
                    Assert.NotEmpty(call.Audio);
                }
                catch (RpcException e)
                {
                    lock (failures)
                    {
                        failures.Add($"caller {caller} text {i}: {e.Status}");
                    }
                }

                Interlocked.Increment(ref done);
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(CallerAsync));
        await WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref done) >= 8 || load.IsCompleted), "a third of the load has run");
        await cluster.Server.KillAsync();
        await load.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        Assert.Empty(failures);
        Assert.Equal(48, done);
        await WaitUntilAsync(async () => !(await StatsAsync(a)).SharedTier.Connected, "replica a sees the server gone");

        // Down: still served, from the local tiers and synthesis.
        var whileDown = await SynthesisCall.RunAsync(Speech(b), new SynthesizeRequest { Text = "Spoken while the shared tier is down." });
        Assert.NotEmpty(whileDown.Audio);

        await cluster.Server.RestartAsync();
        var round = 0;
        await WaitUntilAsync(
            async () =>
            {
                // Each round a new text: made on a (its write is done once GetCacheStats returns), then asked of b
                // with CACHED_ONLY, which only a shared hit can serve (and which leaves nothing behind on a miss).
                var text = new SynthesizeRequest { Text = $"Sharing is back, round {++round}." };
                await SynthesisCall.RunAsync(Speech(a), text);
                await StatsAsync(a);
                try
                {
                    var shared = await SynthesisCall.RunAsync(Speech(b), new SynthesizeRequest { Text = text.Text, CacheMode = CacheMode.CachedOnly });
                    return shared.Summary.SegmentsCached == 1;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
                {
                    return false;
                }
            },
            "a segment made on replica a is a shared hit on replica b after the restart",
            TimeSpan.FromSeconds(90),
            cluster.DescribeAsync);
        var stats = await StatsAsync(a);
        Assert.True(stats.SharedTier.StateChanges >= 3, $"up, down, up again: {stats.SharedTier}"); // each logged once
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Synthesize_SharedValueDamaged_IsNotServedButDeletedCountedAndMadeAgain(string damage)
    {
        await using var cluster = await SharedTierCluster.StartAsync(await StartServerAsync(), replicas: 2);
        var (a, b) = (cluster.Replicas[0], cluster.Replicas[1]);
        var request = new SynthesizeRequest { Text = "This value will be damaged in the shared tier." };
        var made = await SynthesisCall.RunAsync(Speech(a), request);
        await StatsAsync(a);
        var key = ValueKey((await KeysAsync(a, request)).Single());
        var db = await cluster.DatabaseAsync();
        var good = (byte[])(await db.StringGetAsync(key))!;
        Assert.NotNull(good);
        var bad = damage == "flipped" ? Flipped(good) : good[..(good.Length / 2)];
        Assert.True(await db.StringSetAsync(key, bad));

        var served = await SynthesisCall.RunAsync(Speech(b), request);

        Assert.Equal(0, served.Summary.SegmentsCached); // made again, not served from the damaged value
        Assert.Equal(1, EngineCalls(b));
        Assert.NotEmpty(served.Audio);
        var stats = await StatsAsync(b); // b's new value is written by now
        Assert.Equal(1, stats.Shared.CorruptEntries);
        var now = await db.StringGetAsync(key);
        Assert.True(now.IsNull || !((byte[])now!).AsSpan().SequenceEqual(bad), "the damaged value is still in the shared tier");
        Assert.NotEmpty(made.Audio);
    }

    [Fact]
    public async Task Synthesize_LeaseHeldByACrashedReplica_WaitsAtMostTheBoundThenSynthesizes()
    {
        var wait = TimeSpan.FromSeconds(2);
        await using var cluster = await SharedTierCluster.StartAsync(await StartServerAsync(), replicas: 1, $"--Tts:Cache:Redis:LeaseWait={wait}");
        var replica = cluster.Replicas[0];
        var request = new SynthesizeRequest { Text = "Nobody will ever write this value for me." };
        var hex = (await KeysAsync(replica, request)).Single();
        var db = await cluster.DatabaseAsync();
        // A lease as a replica that died while synthesizing leaves it: held, with no value to come.
        Assert.True(await db.StringSetAsync(LeaseKey(hex), "crashed-replica", TimeSpan.FromMinutes(5), When.NotExists));

        var clock = Stopwatch.StartNew();
        var call = await SynthesisCall.RunAsync(Speech(replica), request);
        clock.Stop();

        Assert.Equal(0, call.Summary.SegmentsCached);
        Assert.True(clock.Elapsed >= wait - TimeSpan.FromMilliseconds(50), $"answered after {clock.Elapsed}, before the lease wait of {wait}");
        var stats = await StatsAsync(replica);
        Assert.Equal(1, stats.SharedTier.LeaseWaits);
        Assert.Equal(1, stats.SharedTier.LeaseWaitTimeouts);
        Assert.Equal("crashed-replica", (string?)await db.StringGetAsync(LeaseKey(hex))); // not ours: left alone
        Assert.False((await db.StringGetAsync(ValueKey(hex))).IsNull); // the value it made is shared all the same
    }

    [Fact]
    public async Task Start_ServerDownAtStart_ServesAndSharesOnceTheServerAnswers()
    {
        var server = await StartServerAsync();
        await server.KillAsync();
        using var directory = new TempDirectory();
        await using (var replica = await ServerFixture.StartAsync(directory.Path, $"--Tts:Cache:Redis:Configuration={server.Configuration}"))
        {
            var call = await SynthesisCall.RunAsync(Speech(replica), new SynthesizeRequest { Text = "No shared tier yet." });
            Assert.NotEmpty(call.Audio);
            var down = await StatsAsync(replica);
            Assert.False(down.SharedTier.Connected);
            Assert.Equal(0, down.SharedTier.Writes);

            await server.RestartAsync();
            await WaitUntilAsync(async () => (await StatsAsync(replica)).SharedTier.Connected, "the replica connects to the server that came up");
            await SynthesisCall.RunAsync(Speech(replica), new SynthesizeRequest { Text = "Now it is shared." });
            Assert.Equal(1, (await StatsAsync(replica)).SharedTier.Writes);
        }

        await server.DisposeAsync();
    }

    private static byte[] Flipped(byte[] value)
    {
        var copy = (byte[])value.Clone();
        copy[^1] ^= 0xFF; // in the LZ4 payload: only the checksum can tell
        copy[copy.Length / 2] ^= 0x5A;
        return copy;
    }
}
