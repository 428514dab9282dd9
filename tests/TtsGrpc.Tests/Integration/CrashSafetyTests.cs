using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>The store survives a server killed with SIGKILL in the middle of writing.</summary>
public sealed class CrashSafetyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerProcess_KilledWhileWritingFiveTimes_ReopensAndServesOnlyValidAudio()
    {
        using var directory = new TempDirectory();
        var texts = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            await using var server = await ServerProcess.StartAsync(directory.Path);
            var client = new TextToSpeech.TextToSpeechClient(server.Channel);
            var roundTexts = Enumerable.Range(0, 4)
                .Select(c => string.Join(" ", Enumerable.Range(0, 30).Select(s => $"Round {round} client {c} line {s} goes here.")))
                .ToList();
            texts.AddRange(roundTexts);
            var writers = roundTexts.Select(text => DrainAsync(client, text)).ToList();

            await Task.Delay(Random.Shared.Next(300, 900), Token);
            await server.KillAsync();
            await Task.WhenAll(writers); // every call ends (with an error) once the process is gone
        }

        await using var reopened = await ServerProcess.StartAsync(directory.Path);
        var admin = new CacheAdmin.CacheAdminClient(reopened.Channel);
        var report = await admin.ValidateCacheAsync(new ValidateCacheRequest(), cancellationToken: Token);
        Assert.True(report.Scanned > 0, "nothing was written before the kills");
        Assert.Equal(0, report.Corrupt);

        var tts = new TextToSpeech.TextToSpeechClient(reopened.Channel);
        var served = 0;
        foreach (var text in texts)
        {
            var call = await SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = text });
            served += call.Summary.SegmentsCached;
            Assert.True(call.Audio.Length > 0);
        }

        Assert.True(served > 0, "no stored segment was served after the restarts");
        var stats = await admin.GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
        Assert.Equal(0, stats.Disk.CorruptEntries);
    }

    private static async Task DrainAsync(TextToSpeech.TextToSpeechClient client, string text)
    {
        try
        {
            await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });
        }
        catch (RpcException)
        {
            // expected: the server was killed mid-stream
        }
    }
}
