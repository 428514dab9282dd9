using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

public sealed class LocalStoreTests : IDisposable
{
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Dispose_Twice_ClosesOnceAndBothStoresMiss()
    {
        var store = _directory.Open();
        store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(1000, seed: 1)));
        store.Voices.TryPut(TestVoices.Voice("voice_a"));

        store.Dispose();
        store.Dispose();

        Assert.Null(store.Segments.TryGet(TestAudio.Key(1)));
        Assert.Null(store.Voices.TryGet("voice_a"));
        using var reopened = _directory.Open();
        Assert.NotNull(reopened.Segments.TryGet(TestAudio.Key(1)));
        Assert.NotNull(reopened.Voices.TryGet("voice_a"));
    }

    [Fact]
    public void WriteFailures_AudioAndVoiceWritesAfterDispose_CountedOnceEachInOneFigure()
    {
        var store = _directory.Open();
        store.Dispose();

        Assert.False(store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(1000, seed: 1))));
        Assert.False(store.Voices.TryPut(TestVoices.Voice("voice_a")));

        Assert.Equal(2, store.Segments.Stats.WriteFailures);
        Assert.Equal(0, store.Voices.Corrupt);
    }
}
