using System.Diagnostics;
using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>The store survives a server killed with SIGKILL in the middle of writing, again and again.</summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    // Each cycle is one process start and a burst of writes killed 0.1 to 0.7 s after the first audio,
    // so the cycles cost little more than the starts; the count matters more than each burst's length.
    private const int Cycles = 20;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerProcess_KilledWhileWritingTwentyTimes_ReopensAndServesOnlyValidAudio()
    {
        using var directory = new TempDirectory();
        var texts = new List<string>();
        var clock = Stopwatch.StartNew();
        var starting = TimeSpan.Zero;
        for (var round = 0; round < Cycles; round++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var server = await ServerProcess.StartAsync(directory.Path);
            starting += Stopwatch.GetElapsedTime(started);
            var client = new TextToSpeech.TextToSpeechClient(server.Channel);
            var roundTexts = Enumerable.Range(0, 4)
                .Select(c => string.Join(" ", Enumerable.Range(0, 20).Select(s => $"Round {round} client {c} line {s} goes here.")))
                .ToList();
            texts.AddRange(roundTexts);
            var speaking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = roundTexts.Select(text => DrainAsync(client, text, speaking)).ToList();

            // Kill once audio flows (so writes are in flight however slow the start was), at a random moment after.
            await speaking.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
            await Task.Delay(Random.Shared.Next(100, 700), Token);
            await server.KillAsync();
            await Task.WhenAll(writers); // every call ends (with an error) once the process is gone
        }

        output.WriteLine($"{Cycles} kill cycles in {clock.Elapsed.TotalSeconds:F1} s, {starting.TotalSeconds:F1} s of them starting the process");
        await using var reopened = await ServerProcess.StartAsync(directory.Path);
        var admin = new CacheAdmin.CacheAdminClient(reopened.Channel);
        var report = await admin.ValidateCacheAsync(new ValidateCacheRequest(), cancellationToken: Token);
        Assert.True(report.Scanned > 0, "nothing was written before the kills");
        Assert.Equal(0, report.Corrupt);

        // Every stored segment is served as audio; each text's cached segments come from the store.
        var tts = new TextToSpeech.TextToSpeechClient(reopened.Channel);
        var stored = new List<(string Text, int Cached)>();
        foreach (var text in texts)
        {
            var status = await admin.GetCacheStatusAsync(new SynthesizeRequest { Text = text }, cancellationToken: Token);
            stored.Add((text, status.Segments.Count(s => s.Cached)));
        }

        Assert.Equal(report.Scanned, stored.Sum(s => s.Cached));
        foreach (var (text, cached) in stored.Where(s => s.Cached > 0).Take(4))
        {
            var call = await SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = text });
            Assert.True(call.Summary.SegmentsCached >= cached, $"{cached} stored segments, {call.Summary.SegmentsCached} served from the store");
            Assert.True(call.Audio.Length > 0);
        }

        var stats = await admin.GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
        Assert.Equal(0, stats.Disk.CorruptEntries);
        output.WriteLine($"{report.Scanned} segments stored across the kills; {clock.Elapsed.TotalSeconds:F1} s in all");
    }

    private static async Task DrainAsync(TextToSpeech.TextToSpeechClient client, string text, TaskCompletionSource speaking)
    {
        try
        {
            using var call = client.Synthesize(new SynthesizeRequest { Text = text }, deadline: DateTime.UtcNow + SynthesisCall.Timeout);
            await foreach (var _ in call.ResponseStream.ReadAllAsync(Token))
            {
                speaking.TrySetResult();
            }
        }
        catch (RpcException)
        {
            // expected: the server was killed mid-stream
        }
    }
}
