using CsCheck;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Storage;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Tests.Unit;

/// <summary>
/// Word timings are fitted to their text and clip before a segment is kept: a timing the store would refuse kept the
/// whole segment out of the cache, so it was made again on every request.
/// </summary>
public sealed class WordTimingFitTests
{
    private const string Text = "Call 12345 now, please.";

    [Fact]
    public void Fitted_TimingsAsEnginesGiveThem_Unchanged()
    {
        WordTiming[] words = [new(0, 4, 0, 900), new(5, 5, 900, 3000), new(11, 3, 3000, 3000), new(16, 6, 3100, 4000)];

        Assert.Equal(words, WordIds.Fitted(words, Text.Length, 4000));
    }

    [Fact]
    public void Fitted_WordStartingBeforeThePreviousOne_StartsWithIt()
    {
        WordTiming[] words = [new(0, 4, 2000, 2500), new(5, 5, 1200, 3000), new(11, 3, 3100, 3500)];

        var fitted = WordIds.Fitted(words, Text.Length, 4000);

        Assert.Equal([new(0, 4, 2000, 2500), new(5, 5, 2000, 3000), new(11, 3, 3100, 3500)], fitted);
    }

    [Fact]
    public void Fitted_SamplesPastTheClipAndTextPastItsEnd_ClampedAndLeftOut()
    {
        WordTiming[] words = [new(0, 4, -5, 500), new(5, 5, 600, 9000), new(20, 8, 700, 800)];

        var fitted = WordIds.Fitted(words, Text.Length, 4000);

        Assert.Equal([new(0, 4, 0, 500), new(5, 5, 600, 4000)], fitted);
    }

    [Fact]
    public void Fitted_AnyTimings_TheStoreKeepsThem()
    {
        var timing = Gen.Select(Gen.Int[-10, 30], Gen.Int[-2, 12], Gen.Int[-500, 5000], Gen.Int[-500, 5000])
            .Select((start, length, first, end) => new WordTiming(start, length, first, end));
        Gen.Select(timing.Array[0, 12], Gen.Int[1, 4000]).Sample((words, samples) =>
        {
            var fitted = WordIds.Fitted(words, Text.Length, samples);
            var stored = new StoredAudio(
                new short[samples], 22050, "test 1", Text, DateTimeOffset.UnixEpoch,
                [.. fitted.Select(w => new StoredWord(w.TextStart, w.TextLength, w.StartSample, w.EndSample))]);
            var frame = AudioFrame.Encode(stored); // throws for timings the store refuses
            return frame.Length > 0 && fitted.Count <= words.Length;
        }, iter: 2000);
    }
}
