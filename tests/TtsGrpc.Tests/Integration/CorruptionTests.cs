using Microsoft.Extensions.Logging.Abstractions;
using TtsGrpc.Protos.V1;
using TtsGrpc.Storage.Internal;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>Damaged stored audio is never served: it is found, counted, removed and synthesized again.</summary>
public sealed class CorruptionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoredSegments_FlippedTruncatedOrGarbage_AreCountedByValidateAndResynthesized()
    {
        using var directory = new TempDirectory();
        var tag = Random.Shared.Next(100_000, 999_999);
        var text = $"First {tag} sentence here. Second {tag} sentence here. Third {tag} sentence here.";
        SynthesisCall original;
        await using (var server = await ServerFixture.StartAsync(directory.Path))
        {
            original = await SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(server.Channel), new SynthesizeRequest { Text = text });
        }

        Assert.Equal(3, DamageEveryValue(directory.Path));
        await using (var server = await ServerFixture.StartAsync(directory.Path))
        {
            var report = await new CacheAdmin.CacheAdminClient(server.Channel).ValidateCacheAsync(new ValidateCacheRequest(), cancellationToken: Token);
            Assert.Equal((3, 3, 3), (report.Scanned, report.Corrupt, report.Removed));
        }

        await using (var server = await ServerFixture.StartAsync(directory.Path))
        {
            await SynthesisCall.RunAsync(new TextToSpeech.TextToSpeechClient(server.Channel), new SynthesizeRequest { Text = text });
        }

        Assert.Equal(3, DamageEveryValue(directory.Path));
        await using var restarted = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(restarted.Channel);

        var again = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });
        var stats = await new CacheAdmin.CacheAdminClient(restarted.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
        var third = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });

        Assert.Equal(0, again.Summary.SegmentsCached);
        Assert.InRange(again.Audio.Length, original.Audio.Length * 0.95, original.Audio.Length * 1.05);
        Assert.Equal(3, stats.Disk.CorruptEntries);
        Assert.Equal(3, third.Summary.SegmentsCached);
    }

    /// <summary>Damages every stored audio value in a different way (bit flip, truncation, garbage); the server must be stopped.</summary>
    private static int DamageEveryValue(string dataDirectory)
    {
        using var database = StoreDatabase.Open(Path.Combine(dataDirectory, "store"), NullLogger.Instance);
        var damaged = 0;
        using var iterator = database.Db.NewIterator(database.Audio);
        var entries = new List<(byte[] Key, byte[] Value)>();
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            entries.Add((iterator.Key(), iterator.Value()));
        }

        foreach (var (key, value) in entries)
        {
            byte[] replacement = (damaged % 3) switch
            {
                0 => Flip(value, value.Length - 9),
                1 => value[..(value.Length / 2)],
                _ => Garbage(value.Length),
            };
            database.Db.Put(key, replacement, database.Audio);
            damaged++;
        }

        return damaged;
    }

    private static byte[] Flip(byte[] value, int index)
    {
        var copy = (byte[])value.Clone();
        copy[index] ^= 0x10;
        return copy;
    }

    private static byte[] Garbage(int length)
    {
        var garbage = new byte[length];
        Random.Shared.NextBytes(garbage);
        return garbage;
    }
}
