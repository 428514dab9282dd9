using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Many clients at once never get each other's audio. Every reference is made before the run under test,
/// by one call at a time: fresh renders are compared by content (espeak-ng's output drifts by a few
/// samples between calls, so their bytes never match), cache hits by bytes.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int EngineRate = 22050;

    /// <summary>Thirty-two texts that differ in words, in length (one word to three sentences) and in rhythm.</summary>
    private static readonly string[] Texts =
    [
        "Yes.",
        "Good morning.",
        "The train leaves at noon.",
        "Purple elephants rarely dance in the snow.",
        "Please close the window before you leave the house tonight.",
        "Seventeen quiet sailors rowed across the harbour while the storm was gathering over the hills.",
        "Bread, cheese and apples.",
        "Where did you put my keys?",
        "Mathematics is the language in which the universe was written.",
        "Hello there. How are you today? I hope the weather is kind to you.",
        "Zebra.",
        "A thousand violins played a slow waltz in the empty concert hall.",
        "Turn left at the bakery, then walk straight on for two minutes.",
        "My grandmother grew tomatoes, beans and sunflowers in her garden every summer.",
        "Stop!",
        "The quick brown fox jumps over the lazy dog.",
        "Nobody expected the library to open on a Sunday.",
        "Copper wire conducts electricity very well.",
        "It was raining. The streets were empty. Only a cat crossed the square.",
        "Forty two.",
        "Whispering pines surround the frozen lake in the north.",
        "Could you repeat the last number, please?",
        "Engineers measured the bridge twice before they opened it to traffic.",
        "Chocolate.",
        "The museum keeps its oldest maps in a dark, cool room under the stairs.",
        "Run.",
        "Every morning the baker wakes at four and lights the big stone oven.",
        "Rivers carry sand from the mountains down to the sea.",
        "Thank you very much for your patience.",
        "An astronaut floated silently past the round window of the station, waving at the camera.",
        "Umbrellas, boots, and a warm coat.",
        "Which way is the station? Is it far from here, or can we walk?",
    ];

    private static SynthesizeRequest Fresh(string text) => new() { Text = text, CacheMode = CacheMode.Bypass };

    [Fact]
    public async Task Synthesize_ThirtyTwoConcurrentFreshRendersOfDifferentTexts_EachSaysItsOwnText()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        var solo = new List<SpeechContent>();
        foreach (var text in Texts)
        {
            solo.Add(Content(await SynthesisCall.RunAsync(client, Fresh(text))));
        }

        var together = await Task.WhenAll(Texts.Select(text => SynthesisCall.RunAsync(client, Fresh(text))));

        var output = TestContext.Current.TestOutputHelper;
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(Texts[i], string.Concat(together[i].Messages.Select(m => m.SegmentText)));
            Assert.Equal(0, together[i].Summary.SegmentsCached);
            var content = Content(together[i]);
            var scores = solo.Select(content.Similarity).ToArray();
            var rival = Enumerable.Range(0, Texts.Length).Where(j => j != i).MaxBy(j => scores[j]);
            output?.WriteLine($"{i,2}: own {scores[i]:F3}, best other {scores[rival]:F3} (text {rival})");
            Assert.True(scores[i] >= 0.9, $"client {i} ('{Texts[i]}') matches its own solo render only {scores[i]:F3}");
            Assert.True(
                scores[i] - scores[rival] >= 0.2,
                $"client {i} ('{Texts[i]}') is not told apart from text {rival}: own {scores[i]:F3}, other {scores[rival]:F3}");
        }
    }

    [Fact]
    public async Task SpeechContent_TwoFreshRendersOfOneText_MatchAndDifferentTextsOfOneLengthDoNot()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path);
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        const string Cat = "The black cat sat on the warm mat.";
        const string Dog = "A brown dog ran in the cold fog.";

        var first = await SynthesisCall.RunAsync(client, Fresh(Cat));
        var second = await SynthesisCall.RunAsync(client, Fresh(Cat));
        var other = await SynthesisCall.RunAsync(client, Fresh(Dog));

        var same = Content(first).Similarity(Content(second));
        var different = Content(first).Similarity(Content(other));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"bytes {first.Audio.Length} / {second.Audio.Length} / {other.Audio.Length}; same text {same:F3}, different text {different:F3}");
        Assert.True(same >= 0.9, $"two renders of one text match only {same:F3}");
        Assert.True(same - different >= 0.2, $"two texts of one length are not told apart: same {same:F3}, different {different:F3}");
    }

    [Fact]
    public async Task Synthesize_SixtyFourConcurrentMixedClientsOnCachedSegments_EachGetsExactlyItsOwnBytes()
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
        // The references come first, one call at a time, so no other client's audio can be in them;
        // they also store every segment, so the concurrent run is all cache hits and must match to the byte.
        var alone = new List<SynthesisCall>();
        foreach (var request in requests)
        {
            alone.Add(await SynthesisCall.RunAsync(client, request));
        }

        var together = await Task.WhenAll(requests.Select(r => SynthesisCall.RunAsync(client, r)));

        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal(together[i].Summary.SegmentsTotal, together[i].Summary.SegmentsCached);
            Assert.True(alone[i].Audio.AsSpan().SequenceEqual(together[i].Audio), $"client {i} got different audio under load");
            Assert.Equal(requests[i].Text, string.Concat(together[i].Messages.Select(m => m.SegmentText)));
        }
    }

    private static SpeechContent Content(SynthesisCall call) => SpeechContent.Of(AudioAnalysis.Pcm16(call.Audio), EngineRate);
}
