using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

public sealed class CacheTests(ServerFixture server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly TextToSpeech.TextToSpeechClient _client = new(server.Channel);
    private readonly CacheAdmin.CacheAdminClient _admin = new(server.Channel);

    /// <summary>Sentences no other test speaks, so the shared server's cache starts cold for them.</summary>
    private static string UniqueText(int sentences)
    {
        var tag = Random.Shared.Next(100_000, 999_999);
        return string.Join(" ", Enumerable.Range(1, sentences).Select(i => $"Sentence {i} of batch {tag} is here."));
    }

    [Fact]
    public async Task Synthesize_TwentySentencesTwice_SecondIsAllCachedAndByteIdenticalAlsoAfterRestart()
    {
        using var directory = new TempDirectory();
        var text = UniqueText(20);
        byte[] first;
        await using (var own = await ServerFixture.StartAsync(directory.Path))
        {
            var client = new TextToSpeech.TextToSpeechClient(own.Channel);
            var cold = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });
            var warm = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });

            Assert.Equal(0, cold.Summary.SegmentsCached);
            Assert.Equal(20, warm.Summary.SegmentsTotal);
            Assert.Equal(20, warm.Summary.SegmentsCached);
            Assert.All(warm.Messages, m => Assert.True(m.Cached));
            Assert.Equal(cold.Audio, warm.Audio);
            first = cold.Audio;
        }

        await using var restarted = await ServerFixture.StartAsync(directory.Path);
        var again = await SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(restarted.Channel), new SynthesizeRequest { Text = text });

        Assert.Equal(20, again.Summary.SegmentsCached);
        Assert.Equal(first, again.Audio);
    }

    [Fact]
    public async Task Synthesize_HitInAnotherFormat_ServedEncodedFromMemoryAndNeverStaleAfterRefresh()
    {
        using var directory = new TempDirectory();
        await using var own = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(own.Channel);
        var admin = new CacheAdmin.CacheAdminClient(own.Channel);
        var text = UniqueText(2);
        var mulaw = new SynthesizeRequest { Text = text, Format = new AudioFormat { Encoding = AudioEncoding.Mulaw, SampleRateHz = 8000 } };

        var made = await SynthesisCall.RunAsync(client, mulaw);
        var hit = await SynthesisCall.RunAsync(client, mulaw);
        var stats = await admin.GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);

        Assert.Equal(2, hit.Summary.SegmentsCached);
        Assert.Equal(made.Audio, hit.Audio);
        Assert.Equal(2, stats.Rendered.Hits);
        Assert.Equal(2, stats.Rendered.Entries);

        // REFRESH makes a new master; its old encodings must not be served for it.
        await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text, CacheMode = CacheMode.Refresh });
        var afterRefresh = await SynthesisCall.RunAsync(client, mulaw);
        await admin.ClearCacheAsync(new ClearCacheRequest { Scope = CacheScope.Memory }, cancellationToken: Token);
        var fromDisk = await SynthesisCall.RunAsync(client, mulaw);

        Assert.Equal(2, afterRefresh.Summary.SegmentsCached);
        Assert.Equal(fromDisk.Audio, afterRefresh.Audio);
    }

    [Fact]
    public async Task Synthesize_ChangedKeyIngredient_Misses_ChangedFormatOrRate_Hits()
    {
        var text = UniqueText(1);
        var baseline = new SynthesizeRequest { Text = text };
        await SynthesisCall.RunAsync(_client, baseline);

        SynthesizeRequest With(Action<SynthesizeRequest> change)
        {
            var request = baseline.Clone();
            change(request);
            return request;
        }

        var misses = new[]
        {
            With(r => r.Voice = "en-gb"),
            With(r => r.Speed = 1.5f),
            With(r => r.PitchSemitones = 3),
            With(r => r.Text = text.Replace("is here", "was here", StringComparison.Ordinal)),
        };
        foreach (var request in misses)
        {
            var status = await _admin.GetCacheStatusAsync(request, cancellationToken: Token);
            Assert.False(Assert.Single(status.Segments).Cached, $"expected a miss for {request}");
        }

        foreach (var (encoding, rate) in new[] { (AudioEncoding.Wav, 48000), (AudioEncoding.Mulaw, 8000), (AudioEncoding.Float32, 0) })
        {
            var call = await SynthesisCall.RunAsync(_client, With(r => r.Format = new AudioFormat { Encoding = encoding, SampleRateHz = rate }));
            Assert.Equal(1, call.Summary.SegmentsCached);
        }
    }

    [Fact]
    public async Task Synthesize_SixteenConcurrentIdenticalUncachedRequests_SynthesizeEachSegmentOnce()
    {
        using var directory = new TempDirectory();
        await using var own = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(own.Channel);
        var counters = own.Services.GetRequiredService<SynthesisCounters>();
        var text = UniqueText(4);
        var before = counters.EngineCalls;

        var calls = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text })));

        Assert.Equal(4, counters.EngineCalls - before);
        Assert.All(calls, c => Assert.Equal(calls[0].Audio, c.Audio));
        var stats = await new CacheAdmin.CacheAdminClient(own.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
        Assert.True(stats.Memory.InflightDedupes > 0, "no request joined another's synthesis");
    }

    [Fact]
    public async Task Synthesize_CachedOnlyWithAMiss_FailsPreconditionNamingTheSegment()
    {
        var cachedSentence = UniqueText(1);
        await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = cachedSentence });
        var request = new SynthesizeRequest { Text = cachedSentence + " Nobody said this before.", CacheMode = CacheMode.CachedOnly };

        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(_client, request));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("Segment 1", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Nobody said this before.", error.Status.Detail, StringComparison.Ordinal);
        var hit = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = cachedSentence, CacheMode = CacheMode.CachedOnly });
        Assert.Equal(1, hit.Summary.SegmentsCached);
    }

    [Fact]
    public async Task Synthesize_BypassStoresNothing_RefreshSynthesizesAgain()
    {
        var text = UniqueText(2);

        await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text, CacheMode = CacheMode.Bypass });
        var status = await _admin.GetCacheStatusAsync(new SynthesizeRequest { Text = text }, cancellationToken: Token);
        Assert.All(status.Segments, s => Assert.False(s.Cached));

        await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text });
        var refreshed = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text, CacheMode = CacheMode.Refresh });
        Assert.Equal(0, refreshed.Summary.SegmentsCached);
        var reused = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text });
        Assert.Equal(refreshed.Audio, reused.Audio);
    }

    [Fact]
    public async Task GetCacheStatus_PerSegment_ReportsTextKeyAndCached()
    {
        var cachedPart = UniqueText(1);
        await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = cachedPart });

        var status = await _admin.GetCacheStatusAsync(new SynthesizeRequest { Text = cachedPart + " Something new entirely." }, cancellationToken: Token);

        Assert.Equal(2, status.Segments.Count);
        Assert.True(status.Segments[0].Cached);
        Assert.False(status.Segments[1].Cached);
        Assert.Equal("Something new entirely.", status.Segments[1].Text);
        Assert.Equal(64, status.Segments[0].Key.Length);
        Assert.NotEqual(status.Segments[0].Key, status.Segments[1].Key);
    }

    [Fact]
    public async Task ClearCache_All_MakesEverySegmentMissAgain()
    {
        using var directory = new TempDirectory();
        await using var own = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(own.Channel);
        var admin = new CacheAdmin.CacheAdminClient(own.Channel);
        var text = UniqueText(3);
        await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });

        var cleared = await admin.ClearCacheAsync(new ClearCacheRequest { Scope = CacheScope.All }, cancellationToken: Token);

        Assert.True(cleared.RemovedEntries >= 3);
        var again = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });
        Assert.Equal(0, again.Summary.SegmentsCached);
        var stats = await admin.GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
        Assert.Equal(3, stats.Disk.Entries);
        Assert.Equal(6, stats.Memory.Misses); // each segment missed once per cold call, not once per lookup
        Assert.True(stats.Disk.CompressionRatio > 1, $"compression ratio {stats.Disk.CompressionRatio}");
    }
}
