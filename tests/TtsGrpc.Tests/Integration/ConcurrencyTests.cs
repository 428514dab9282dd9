using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>Many clients at once never get each other's audio.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Synthesize_SixtyFourConcurrentMixedClients_EachGetsExactlyItsOwnAudio()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        string[] voices = ["en-us", "en-gb", "fr-fr", "de"];
        (AudioEncoding, int)[] formats = [(AudioEncoding.Linear16, 0), (AudioEncoding.Wav, 16000), (AudioEncoding.Mulaw, 8000), (AudioEncoding.Float32, 48000)];
        var requests = Enumerable.Range(0, 64).Select(i => new SynthesizeRequest
        {
            Text = $"Client {i} asks for sentence {i % 16}. It has a second part {i % 3}.",
            Voice = voices[i % voices.Length],
            Speed = 0.8f + (i % 5 * 0.2f),
            Format = new AudioFormat { Encoding = formats[i % formats.Length].Item1, SampleRateHz = formats[i % formats.Length].Item2 },
        }).ToList();

        var together = await Task.WhenAll(requests.Select(r => SynthesisCall.RunAsync(client, r)));

        for (var i = 0; i < requests.Count; i++)
        {
            var alone = await SynthesisCall.RunAsync(client, requests[i]);
            Assert.True(alone.Audio.AsSpan().SequenceEqual(together[i].Audio), $"client {i} got different audio under load");
            Assert.Equal(requests[i].Text, string.Concat(together[i].Messages.Select(m => m.SegmentText)));
            Assert.Equal(alone.Summary.SegmentsTotal, alone.Summary.SegmentsCached);
        }
    }
}
