using System.Runtime.InteropServices;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TtsGrpc.Protos.V1;
using TtsGrpc.Storage;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>Word timestamps over the real server with espeak-ng: where the words are, when they are spoken, and what the cache keeps.</summary>
public sealed class WordTimestampsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const int Rate = 22050;
    private readonly TextToSpeech.TextToSpeechClient _client = new(server.Channel);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Synthesize_WithWordTimestamps_EveryWordOnceInOrderWithItsCodePointSpan()
    {
        const string text = "I 😀 like café au lait, don't you? Yes: (1990) was good.";

        var call = await SynthesizeAsync(text, CacheMode.Bypass);
        var words = Words(call);

        Assert.Equal(["I", "😀", "like", "café", "au", "lait", "don't", "you", "Yes", "1990", "was", "good"], words.Select(w => w.Word)); // espeak-ng names the emoji
        var codePoints = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        Assert.All(words, w => Assert.Equal(w.Word, string.Concat(codePoints.Skip(w.TextOffset).Take(w.TextLength))));
        Assert.Equal(4, words.Single(w => w.Word == "like").TextOffset); // "I", a space, the emoji as one code point, a space
        Assert.Empty(call.Summary.WordTimestampsUnavailable);
    }

    [Fact]
    public async Task Synthesize_WithWordTimestamps_WordsAreSpokenWhereTheAudioIsAndSentWithTheirFirstSample()
    {
        var call = await SynthesizeAsync("The first sentence is here. And the second one follows it.", CacheMode.Bypass);
        var words = Words(call);
        var pcm = MemoryMarshal.Cast<byte, short>(call.Audio).ToArray();
        var durationMs = pcm.Length * 1000.0 / Rate;

        Assert.Equal(11, words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            Assert.True(words[i].StartMs < words[i].EndMs, $"{words[i]}");
            Assert.True(words[i].EndMs <= durationMs + 1, $"{words[i]} ends after the audio ({durationMs:0} ms)");
            if (i > 0)
            {
                Assert.True(words[i].StartMs >= words[i - 1].EndMs - 1, $"{words[i]} starts before {words[i - 1]} ends");
            }

            Assert.True(Rms(pcm, words[i]) > 1000, $"{words[i]} spans silence (rms {Rms(pcm, words[i]):0})");
        }

        // The second sentence's words are on the stream's clock, after the first segment's audio.
        var firstSegmentSamples = call.Messages.Where(m => m.SegmentIndex == 0).Sum(m => m.Audio.Length / 2);
        Assert.True(words[5].StartMs >= firstSegmentSamples * 1000.0 / Rate, $"{words[5]} vs {firstSegmentSamples} samples");
        long sent = 0;
        foreach (var message in call.Messages)
        {
            sent += message.Audio.Length / 2;
            Assert.All(message.Words, w => Assert.True(w.StartMs * Rate / 1000 < sent, $"{w} arrived after its first sample"));
        }
    }

    [Fact]
    public async Task Synthesize_CacheHit_ReturnsTheSameTimestamps()
    {
        var text = $"Timed words are kept with their audio {Guid.NewGuid():N}.";

        var miss = await SynthesizeAsync(text);
        var hit = await SynthesizeAsync(text);

        Assert.Equal((0, 1), (miss.Summary.SegmentsCached, hit.Summary.SegmentsCached));
        Assert.Equal(Words(miss), Words(hit));
        Assert.Equal(miss.Audio, hit.Audio);
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(0.3f)] // below espeak's slowest rate: libsonic stretches the audio, and the timings with it
    public async Task Synthesize_OtherSpeed_TimingsFollowTheAudio(float speed)
    {
        const string text = "Timing follows the speed of speech.";

        var normal = await SynthesizeAsync(text, CacheMode.Bypass);
        var other = await SynthesizeAsync(text, CacheMode.Bypass, speed);
        var ratio = Words(other)[^1].EndMs / Words(normal)[^1].EndMs;

        Assert.Equal(Words(normal).Select(w => w.Word), Words(other).Select(w => w.Word));
        Assert.InRange(ratio, 0.75 / speed, 1.25 / speed);
        Assert.True(Words(other)[^1].EndMs <= other.Audio.Length / 2 * 1000.0 / Rate + 1);
    }

    [Fact]
    public async Task Synthesize_WithoutTheFlag_NoWords()
    {
        var call = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = "No words wanted.", CacheMode = CacheMode.Bypass });

        Assert.All(call.Messages, m => Assert.Empty(m.Words));
        Assert.Empty(call.Summary.WordTimestampsUnavailable);
    }

    [Fact]
    public async Task StreamingSynthesize_WithWordTimestamps_OffsetsCountAcrossThePieces()
    {
        using var call = _client.StreamingSynthesize(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token);
        await call.RequestStream.WriteAsync(
            new StreamingSynthesizeRequest { Config = new SynthesizeRequest { EnableWordTimestamps = true, CacheMode = CacheMode.Bypass } }, Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = "Hello there. " }, Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = "How are you?", Flush = true }, Token);
        await call.RequestStream.CompleteAsync();
        var messages = new List<SynthesizeResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync(Token))
        {
            messages.Add(message);
        }

        var words = messages.SelectMany(m => m.Words).ToList();
        Assert.Equal(["Hello", "there", "How", "are", "you"], words.Select(w => w.Word));
        Assert.Equal([0, 6, 13, 17, 21], words.Select(w => w.TextOffset));
        var firstPartMs = messages.Where(m => m.SegmentIndex == 0).Sum(m => m.Audio.Length / 2) * 1000.0 / Rate;
        Assert.True(words[2].StartMs >= firstPartMs, $"{words[2]} starts before the first sentence's audio ({firstPartMs:0} ms) ends");
    }

    [Fact]
    public async Task Synthesize_SegmentStoredWithoutTimings_MadeAgainWhenWordsAreWantedAndKeptAfter()
    {
        using var directory = new TempDirectory();
        const string text = "Stored before timings were kept.";
        await StoreUntimedAsync(directory.Path, text);

        await using var server = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        var plain = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text });
        var timed = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text, EnableWordTimestamps = true });
        var again = await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = text, EnableWordTimestamps = true });

        Assert.Equal((1, 0, 1), (plain.Summary.SegmentsCached, timed.Summary.SegmentsCached, again.Summary.SegmentsCached));
        Assert.True(Words(timed).Count == 5, string.Join(" | ", Words(timed).Select(w => $"{w.Word} {w.StartMs:0}-{w.EndMs:0}")));
        Assert.Equal(Words(timed), Words(again));
    }

    [Fact]
    public async Task Synthesize_CachedOnlyUntimedSegment_ServedWithANoteSayingWhy()
    {
        using var directory = new TempDirectory();
        const string text = "Cached only, untimed.";
        await StoreUntimedAsync(directory.Path, text);

        await using var server = await ServerFixture.StartAsync(directory.Path);
        var call = await SynthesisCall.RunAsync(
            new TextToSpeech.TextToSpeechClient(server.Channel),
            new SynthesizeRequest { Text = text, EnableWordTimestamps = true, CacheMode = CacheMode.CachedOnly });

        Assert.Equal(1, call.Summary.SegmentsCached);
        Assert.Empty(Words(call));
        Assert.Contains("CACHED_ONLY", call.Summary.WordTimestampsUnavailable, StringComparison.Ordinal);
    }

    /// <summary>
    /// Puts one second of audio without word timings under the key of <paramref name="text"/>'s one segment in the
    /// store of <paramref name="dataDirectory"/>, as a build from before timings were kept left it.
    /// </summary>
    private static async Task StoreUntimedAsync(string dataDirectory, string text)
    {
        string key;
        await using (var first = await ServerFixture.StartAsync(dataDirectory))
        {
            var admin = new CacheAdmin.CacheAdminClient(first.Channel);
            key = (await admin.GetCacheStatusAsync(new SynthesizeRequest { Text = text }, cancellationToken: Token)).Segments[0].Key;
        }

        using var store = LocalStore.Open(
            new StoreOptions { Directory = Path.Combine(dataDirectory, "store"), CapacityBytes = 1L << 30, AccessFlushInterval = TimeSpan.Zero },
            NullLogger.Instance);
        var untimed = new StoredAudio(Enumerable.Repeat((short)1000, Rate).ToArray(), Rate, "espeak-ng", text, DateTimeOffset.UtcNow);
        Assert.True(store.Segments.TryPut(Convert.FromHexString(key), untimed));
    }

    private static List<WordTimestamp> Words(SynthesisCall call) => [.. call.Messages.SelectMany(m => m.Words)];

    private static double Rms(short[] pcm, WordTimestamp word)
    {
        var from = (int)(word.StartMs * Rate / 1000);
        var to = Math.Min(pcm.Length, (int)(word.EndMs * Rate / 1000));
        return to <= from ? 0 : Math.Sqrt(pcm[from..to].Average(s => (double)s * s));
    }

    private Task<SynthesisCall> SynthesizeAsync(string text, CacheMode mode = CacheMode.Use, float speed = 0) =>
        SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text, CacheMode = mode, Speed = speed, EnableWordTimestamps = true });
}
