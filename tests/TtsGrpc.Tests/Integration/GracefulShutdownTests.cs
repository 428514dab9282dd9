using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>SIGTERM to the real server process: calls in flight finish, queued cache writes reach the store, the process exits 0.</summary>
public sealed class GracefulShutdownTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sigterm_DuringLongStream_FinishesItAndRestartServesEverythingAsCached()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal");
        using var directory = new TempDirectory();
        var sentences = Enumerable.Range(0, 12).Select(i => $"Sentence {i} was spoken just before the stop.").ToList();
        var longText = string.Join(" ", Enumerable.Range(0, 40).Select(i => $"The long stream says line {i} and goes on."));
        const int timeoutSeconds = 30;

        await using (var server = await ServerProcess.StartAsync(directory.Path, $"--Tts:Shutdown:TimeoutSeconds={timeoutSeconds}"))
        {
            var client = new TextToSpeech.TextToSpeechClient(server.Channel);
            foreach (var sentence in sentences)
            {
                // Each call returns as soon as its audio is streamed; its disk write may still be queued.
                var call = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = sentence });
                Assert.Equal(0, call.Summary.SegmentsCached);
            }

            using var stream = client.Synthesize(new SynthesizeRequest { Text = longText }, deadline: DateTime.UtcNow + Timeout, cancellationToken: Token);
            Assert.True(await stream.ResponseStream.MoveNext(Token).WaitAsync(Timeout, Token));
            var messages = new List<SynthesizeResponse> { stream.ResponseStream.Current };

            // Not reading for now holds the stream open (HTTP/2 flow control), so it is surely in flight at the signal.
            var signalled = Stopwatch.StartNew();
            server.Terminate();
            await WaitUntilAsync(() => server.Output.Contains("Stopping:", StringComparison.Ordinal), server);
            Assert.Contains("calls in flight: 1,", server.Output, StringComparison.Ordinal);
            await AssertNewCallsRefusedAsync(server.Address);

            await foreach (var message in stream.ResponseStream.ReadAllAsync(Token))
            {
                messages.Add(message);
            }

            var summary = messages[^1].Summary;
            Assert.NotNull(summary);
            Assert.Equal(40, summary.SegmentsTotal);
            Assert.Equal(Enumerable.Range(0, 40), messages.Where(m => m.SegmentText.Length > 0).Select(m => m.SegmentIndex));
            Assert.Equal(summary.AudioSamples * sizeof(short), messages.Sum(m => (long)m.Audio.Length));

            var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds));
            Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(timeoutSeconds), $"the stop took {signalled.Elapsed}");
            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{server.Output}");
            Assert.Contains("store closed", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("stop timeout", server.Output, StringComparison.Ordinal);
        }

        await using var restarted = await ServerProcess.StartAsync(directory.Path);
        var tts = new TextToSpeech.TextToSpeechClient(restarted.Channel);
        foreach (var text in sentences.Append(longText))
        {
            var call = await SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = text, CacheMode = CacheMode.CachedOnly });
            Assert.Equal(call.Summary.SegmentsTotal, call.Summary.SegmentsCached);
        }
    }

    [Fact]
    public async Task Sigterm_WithStreamPastTheTimeout_CancelsItAndExitsCleanly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal");
        using var directory = new TempDirectory();
        var longText = string.Join(" ", Enumerable.Range(0, 40).Select(i => $"A reader that never comes back, line {i}."));

        await using (var server = await ServerProcess.StartAsync(directory.Path, "--Tts:Shutdown:TimeoutSeconds=2"))
        {
            var client = new TextToSpeech.TextToSpeechClient(server.Channel);
            using var stream = client.Synthesize(new SynthesizeRequest { Text = longText }, deadline: DateTime.UtcNow + Timeout, cancellationToken: Token);
            Assert.True(await stream.ResponseStream.MoveNext(Token).WaitAsync(Timeout, Token));

            // The client stops reading, so the stream cannot finish within the 2 s it is given.
            server.Terminate();
            var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{server.Output}");
            Assert.Contains("store closed", server.Output, StringComparison.Ordinal);
            Assert.Contains("after the stop timeout of 2 s were cancelled", server.Output, StringComparison.Ordinal);
            await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await foreach (var message in stream.ResponseStream.ReadAllAsync(Token))
                {
                    Assert.Null(message.Summary); // the stream never completes
                }
            });
        }

        await using var restarted = await ServerProcess.StartAsync(directory.Path);
        var admin = new CacheAdmin.CacheAdminClient(restarted.Channel);
        var report = await admin.ValidateCacheAsync(new ValidateCacheRequest(), deadline: DateTime.UtcNow + Timeout, cancellationToken: Token);
        Assert.Equal(0, report.Corrupt);
        var status = await admin.GetCacheStatusAsync(new SynthesizeRequest { Text = longText }, deadline: DateTime.UtcNow + Timeout, cancellationToken: Token);
        Assert.True(status.Segments[0].Cached, "the segment streamed before the stop was not stored");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, ServerProcess server)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "the server did not log its stop; output:\n" + server.Output);
            await Task.Delay(50, Token);
        }
    }

    /// <summary>Once the server is stopping, a new connection is refused: the call fails as UNAVAILABLE instead of being served.</summary>
    private static async Task AssertNewCallsRefusedAsync(string address)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new TextToSpeech.TextToSpeechClient(channel);
            try
            {
                await client.ListVoicesAsync(new ListVoicesRequest(), deadline: DateTime.UtcNow + TimeSpan.FromSeconds(5), cancellationToken: Token);
            }
            catch (RpcException e)
            {
                Assert.Equal(StatusCode.Unavailable, e.StatusCode);
                return;
            }

            // The listener closes a moment after the stop begins.
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "new calls were still served 10 s after SIGTERM");
            await Task.Delay(50, Token);
        }
    }
}
