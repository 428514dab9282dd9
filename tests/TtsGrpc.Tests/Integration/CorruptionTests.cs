using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TtsGrpc.Protos.V1;
using TtsGrpc.Storage.Internal;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Damaged stored audio is never served: it is found, counted, removed and synthesized again. A damaged
/// voice record is never served either: it is removed and counted, and the voice reads as missing.
/// </summary>
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

    [Fact]
    public async Task StoredVoice_FlippedByte_IsRefusedWithNotFoundCountedAndNeverServed()
    {
        using var directory = new TempDirectory();
        var recording = WavBuilder.Pcm(VoicesTests.SpeechLike(2, 16000, 140), 16000);
        string id;
        await using (var server = await ServerFixture.StartAsync(directory.Path))
        {
            id = (await VoiceUploads.CreateAsync(server.Channel, recording)).Id;
        }

        Assert.Equal(1, DamageEveryVoice(directory.Path));
        await using (var server = await ServerFixture.StartAsync(directory.Path))
        {
            var voices = new Voices.VoicesClient(server.Channel);
            var get = await Assert.ThrowsAsync<RpcException>(() => voices.GetVoiceAsync(new GetVoiceRequest { Id = id }, cancellationToken: Token).ResponseAsync);
            var tts = new TextToSpeech.TextToSpeechClient(server.Channel);
            var synthesize = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = "Hello.", Voice = id }));
            var stats = await new CacheAdmin.CacheAdminClient(server.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
            var listed = await tts.ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Token);

            Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (get.StatusCode, synthesize.StatusCode));
            Assert.Contains("damaged", get.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("damaged", synthesize.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(1, stats.Voices.Corrupt);
            Assert.DoesNotContain(listed.Voices, v => v.Id == id);
            Assert.Contains("Corrupt voice record", server.Log, StringComparison.Ordinal);

            // The same recording makes the voice again, under the same id.
            Assert.Equal(id, (await VoiceUploads.CreateAsync(server.Channel, recording)).Id);
        }

        Assert.Equal(1, DamageEveryVoice(directory.Path));
        await using var restarted = await ServerFixture.StartAsync(directory.Path);
        var report = await new CacheAdmin.CacheAdminClient(restarted.Channel).ValidateCacheAsync(new ValidateCacheRequest(), cancellationToken: Token);
        Assert.Equal((1, 1, 1), (report.VoicesScanned, report.VoicesCorrupt, report.VoicesRemoved));
        var after = await new CacheAdmin.CacheAdminClient(restarted.Channel).ValidateCacheAsync(new ValidateCacheRequest(), cancellationToken: Token);
        Assert.Equal((0, 0), (after.VoicesScanned, after.VoicesCorrupt));
    }

    /// <summary>Flips one byte in the middle of every stored voice record; the server must be stopped.</summary>
    private static int DamageEveryVoice(string dataDirectory)
    {
        using var database = StoreDatabase.Open(Path.Combine(dataDirectory, "store"), NullLogger.Instance);
        var records = new List<(byte[] Key, byte[] Value)>();
        using (var iterator = database.Db.NewIterator(database.Voices))
        {
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                records.Add((iterator.Key(), iterator.Value()));
            }
        }

        foreach (var (key, value) in records)
        {
            database.Db.Put(key, Flip(value, value.Length / 2), database.Voices);
        }

        return records.Count;
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
