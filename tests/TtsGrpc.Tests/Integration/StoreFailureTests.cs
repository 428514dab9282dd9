using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// The store failing under a running server. A full disk needs a mount the CI cannot make, and chmod
/// does not stop root (the tests may run as root), so the server runs under a file-size limit
/// (RLIMIT_FSIZE): its store files stop growing as on a full disk, and RocksDB's own writes fail.
/// </summary>
public sealed class StoreFailureTests(ITestOutputHelper output)
{
    private const int Sentences = 12;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Synthesize_StoreWritesFailing_StreamsAudioCountsTheFailuresAndLeavesNothingHalfWritten()
    {
        using var directory = new TempDirectory();
        var tag = Random.Shared.Next(100_000, 999_999);
        var texts = Enumerable.Range(0, 4)
            .Select(t => string.Join(" ", Enumerable.Range(0, Sentences).Select(s => $"Text {t} sentence {s} number {tag} is spoken here.")))
            .ToList();
        var first = new List<byte[]>();
        await using (var server = await ServerProcess.StartWithFileSizeLimitAsync(directory.Path, fileSizeLimitKiB: 256))
        {
            var tts = new TextToSpeech.TextToSpeechClient(server.Channel);
            foreach (var text in texts)
            {
                var call = await SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = text });
                Assert.Equal(Sentences, call.Summary.SegmentsTotal);
                first.Add(call.Audio);
            }

            var stats = await new CacheAdmin.CacheAdminClient(server.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
            output.WriteLine($"disk entries {stats.Disk.Entries}, write failures {stats.Disk.WriteFailures}");
            Assert.True(stats.Disk.WriteFailures > 0, "no store write failed; the file-size limit did not bite");
            Assert.Contains("Segment store put failed", server.Output, StringComparison.Ordinal);
            Assert.All(first, audio => Assert.True(audio.Length > Sentences * 20_000, $"{audio.Length} bytes of audio"));

            // The memory tier still serves what the disk refused.
            var again = await SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = texts[^1] });
            Assert.Equal(Sentences, again.Summary.SegmentsCached);
            Assert.Equal(first[^1], again.Audio);
        }

        await using var restarted = await ServerProcess.StartAsync(directory.Path);
        var admin = new CacheAdmin.CacheAdminClient(restarted.Channel);
        var report = await admin.ValidateCacheAsync(new ValidateCacheRequest(), cancellationToken: Token);
        Assert.Equal(0, report.Corrupt);
        var client = new TextToSpeech.TextToSpeechClient(restarted.Channel);
        var served = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var call = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = texts[i] });
            served += call.Summary.SegmentsCached;
            Assert.InRange(call.Audio.Length, first[i].Length * 0.95, first[i].Length * 1.05);
        }

        output.WriteLine($"after restart: {report.Scanned} stored, {served} of {texts.Count * Sentences} segments served from the store");
        Assert.Equal(report.Scanned, served);
        Assert.True(served < texts.Count * Sentences, "every write reached the disk");
    }
}
