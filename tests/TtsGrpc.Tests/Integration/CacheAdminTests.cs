using System.Diagnostics;
using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>Admin calls answer while the service is busy, and a request that says nothing changes nothing.</summary>
public sealed class CacheAdminTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetCacheStats_WhileEightClientsSynthesizeNewTexts_AnswersWithinTwoSeconds()
    {
        using var directory = new TempDirectory();
        await using var own = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(own.Channel);
        var admin = new CacheAdmin.CacheAdminClient(own.Channel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var synthesized = 0;
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tag = Random.Shared.Next(100_000, 999_999);

        // Eight clients keep the engine and the store writer busy with texts never seen before.
        var load = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var text = $"Client {c} of {tag} says line {n}. It keeps going with more words. And then a third sentence {n}.";
                try
                {
                    await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });
                    if (Interlocked.Increment(ref synthesized) == 16)
                    {
                        busy.TrySetResult(); // some calls done: writes are now queued continuously
                    }
                }
                catch (RpcException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        })).ToList();

        try
        {
            await Task.WhenAny([busy.Task, .. load]).WaitAsync(TimeSpan.FromSeconds(120), Token);
            Assert.True(busy.Task.IsCompleted, "a load client stopped before the load was running");

            for (var i = 0; i < 5; i++)
            {
                var asked = Stopwatch.GetTimestamp();
                var stats = await admin.GetCacheStatsAsync(
                    new GetCacheStatsRequest(), deadline: DateTime.UtcNow + TimeSpan.FromSeconds(2), cancellationToken: Token);
                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"answered in {Stopwatch.GetElapsedTime(asked).TotalMilliseconds:F0} ms with {Volatile.Read(ref synthesized)} calls done, " +
                    $"{stats.QueuedWrites} writes still queued");
                Assert.True(stats.Disk.Entries > 0);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        }
    }

    [Fact]
    public async Task ClearCache_UnspecifiedScope_InvalidArgumentAndCacheIntact()
    {
        using var directory = new TempDirectory();
        await using var own = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(own.Channel);
        var admin = new CacheAdmin.CacheAdminClient(own.Channel);
        var text = "Kept after an empty clear. Both of these sentences.";
        await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            admin.ClearCacheAsync(new ClearCacheRequest(), deadline: DateTime.UtcNow + TimeSpan.FromSeconds(30), cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("CACHE_SCOPE_ALL", error.Status.Detail, StringComparison.Ordinal);
        var again = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });
        Assert.Equal(2, again.Summary.SegmentsCached);
        var stats = await admin.GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
        Assert.Equal(2, stats.Disk.Entries);
    }
}
