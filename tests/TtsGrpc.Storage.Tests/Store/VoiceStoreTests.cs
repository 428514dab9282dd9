using Microsoft.Extensions.Logging.Abstractions;
using TtsGrpc.Storage.Internal;
using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

public sealed class VoiceStoreTests : IDisposable
{
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public enum Damage
    {
        FlipBodyByte,
        FlipHeaderByte,
        Truncate,
        Garbage,
        Empty,
        OtherVoicesRecord,
    }

    [Fact]
    public void TryGet_AfterPut_ReturnsIdenticalRecord()
    {
        using var store = _directory.Open();
        var voice = TestVoices.Voice("voice_a");

        Assert.True(store.Voices.TryPut(voice));
        var read = store.Voices.TryGet("voice_a");

        TestVoices.AssertSame(voice, read);
        Assert.NotSame(voice.Profile, read!.Profile);
    }

    [Fact]
    public void TryGet_AfterReopen_ReturnsIdenticalRecord()
    {
        var voices = new[] { TestVoices.Voice("voice_a", seed: 1), TestVoices.Voice("voice_b", seed: 2, profileBytes: 1000) with { Profile = TestVoices.Noise(1000, 2) } };
        using (var store = _directory.Open())
        {
            Assert.All(voices, voice => Assert.True(store.Voices.TryPut(voice)));
        }

        using var reopened = _directory.Open();

        TestVoices.AssertSame(voices[0], reopened.Voices.TryGet("voice_a"));
        TestVoices.AssertSame(voices[1], reopened.Voices.TryGet("voice_b"));
        Assert.Equal(0, reopened.Voices.Corrupt);
    }

    [Fact]
    public void TryGet_Missing_ReturnsNull()
    {
        using var store = _directory.Open();

        Assert.Null(store.Voices.TryGet("voice_missing"));
        Assert.Null(store.Voices.TryGet(""));
        Assert.Null(store.Voices.TryGet(new string('v', 129)));
    }

    [Fact]
    public void TryPut_SameId_Replaces()
    {
        using var store = _directory.Open();
        store.Voices.TryPut(TestVoices.Voice("voice_a", seed: 1));
        var replacement = TestVoices.Voice("voice_a", seed: 9, name: "Renamed");

        Assert.True(store.Voices.TryPut(replacement));

        TestVoices.AssertSame(replacement, store.Voices.TryGet("voice_a"));
        Assert.Single(store.Voices.List());
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("lone surrogate")]
    [InlineData("129 characters")]
    public void TryPut_InvalidId_ReturnsFalseAndStoresNothing(string kind)
    {
        string voiceId = TestVoices.InvalidId(kind);
        var logger = new TestLogger();
        using var store = _directory.Open(logger);

        Assert.False(store.Voices.TryPut(TestVoices.Voice(voiceId)));

        Assert.Empty(store.Voices.List());
        Assert.Equal(1, store.Segments.Stats.WriteFailures);
        Assert.Contains(logger.Lines, line => line.Contains("cannot be framed", StringComparison.Ordinal));
    }

    [Fact]
    public void TryPut_IdOf128Characters_RoundTrips()
    {
        using var store = _directory.Open();
        var voice = TestVoices.Voice(new string('v', 128));

        Assert.True(store.Voices.TryPut(voice));

        TestVoices.AssertSame(voice, store.Voices.TryGet(voice.Id));
    }

    [Fact]
    public void Voices_NotCountedInAudioTotalsNorEvicted()
    {
        using var store = _directory.Open(capacityBytes: 60_000);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(store.Voices.TryPut(TestVoices.Voice($"voice_{i}", seed: i, profileBytes: 4096)));
        }

        Assert.Equal(new StoreStats(0, 0, 0, 0, 0, 0, 0, 0), store.Segments.Stats);
        for (int i = 0; i < 40; i++)
        {
            store.Segments.TryPut(TestAudio.Key(i), TestAudio.Audio(TestAudio.Noise(3000, seed: i)));
        }

        Assert.True(store.Segments.Stats.Evictions > 0);
        Assert.True(store.Segments.Stats.StoredBytes <= 60_000);
        Assert.Equal(10, store.Voices.List().Count);
    }

    [Fact]
    public void SetPinned_SurvivesReopen()
    {
        using (var store = _directory.Open())
        {
            store.Voices.TryPut(TestVoices.Voice("voice_a"));
            store.Voices.TryPut(TestVoices.Voice("voice_b"));
            store.Voices.TryPut(TestVoices.Voice("voice_c"));
            Assert.True(store.Voices.SetPinned("voice_c", pinned: true));
            Assert.True(store.Voices.SetPinned("voice_a", pinned: true));
            Assert.True(store.Voices.SetPinned("voice_a", pinned: true));
        }

        using var reopened = _directory.Open();

        Assert.Equal(["voice_a", "voice_c"], reopened.Voices.PinnedIds());
        Assert.True(reopened.Voices.SetPinned("voice_a", pinned: false));
        Assert.Equal(["voice_c"], reopened.Voices.PinnedIds());
    }

    [Fact]
    public void SetPinned_MissingVoice_ReturnsFalseAndPinsNothing()
    {
        using var store = _directory.Open();

        Assert.False(store.Voices.SetPinned("voice_missing", pinned: true));
        Assert.False(store.Voices.SetPinned("voice_missing", pinned: false));

        Assert.Empty(store.Voices.PinnedIds());
    }

    [Fact]
    public void Remove_RemovesRecordAndPin()
    {
        using (var store = _directory.Open())
        {
            store.Voices.TryPut(TestVoices.Voice("voice_a"));
            store.Voices.TryPut(TestVoices.Voice("voice_b"));
            store.Voices.SetPinned("voice_a", pinned: true);
            store.Voices.SetPinned("voice_b", pinned: true);

            Assert.True(store.Voices.Remove("voice_a"));

            Assert.False(store.Voices.Remove("voice_a"));
            Assert.Null(store.Voices.TryGet("voice_a"));
            Assert.Equal(["voice_b"], store.Voices.PinnedIds());
        }

        using var reopened = _directory.Open();
        Assert.Null(reopened.Voices.TryGet("voice_a"));
        Assert.Equal(["voice_b"], reopened.Voices.PinnedIds());
        Assert.Equal("voice_b", Assert.Single(reopened.Voices.List()).Id);
    }

    [Fact]
    public void List_SortsByCreatedThenId()
    {
        var early = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        using var store = _directory.Open();
        store.Voices.TryPut(TestVoices.Voice("voice_c", created: early.AddMinutes(5)));
        store.Voices.TryPut(TestVoices.Voice("voice_b", created: early));
        // The same instant written in another offset sorts as the same time.
        store.Voices.TryPut(TestVoices.Voice("voice_a", created: early.ToOffset(TimeSpan.FromHours(3))));
        store.Voices.TryPut(TestVoices.Voice("voice_d", created: early.AddMinutes(-1)));

        var ids = store.Voices.List().Select(v => v.Id);

        Assert.Equal(["voice_d", "voice_a", "voice_b", "voice_c"], ids);
    }

    [Theory]
    [InlineData(Damage.FlipBodyByte)]
    [InlineData(Damage.FlipHeaderByte)]
    [InlineData(Damage.Truncate)]
    [InlineData(Damage.Garbage)]
    [InlineData(Damage.Empty)]
    [InlineData(Damage.OtherVoicesRecord)]
    public void TryGet_DamagedRecord_ReturnsNullRemovesPinAndCounts(Damage damage)
    {
        var logger = new TestLogger();
        var intact = TestVoices.Voice("voice_b", seed: 2);
        using (var store = _directory.Open(logger))
        {
            store.Voices.TryPut(TestVoices.Voice("voice_a", seed: 1));
            store.Voices.TryPut(intact);
            store.Voices.SetPinned("voice_a", pinned: true);
            store.Voices.SetPinned("voice_b", pinned: true);
        }

        DamageRecord("voice_a", damage);
        using var reopened = _directory.Open(logger);

        Assert.Null(reopened.Voices.TryGet("voice_a"));

        Assert.Null(reopened.Voices.TryGet("voice_a"));
        Assert.False(reopened.Voices.Remove("voice_a"));
        Assert.Equal(["voice_b"], reopened.Voices.PinnedIds());
        TestVoices.AssertSame(intact, reopened.Voices.TryGet("voice_b"));
        Assert.Equal(1, reopened.Voices.Corrupt);
        Assert.Equal(0, reopened.Segments.Stats.Corrupt);
        Assert.Contains(logger.Lines, line => line.Contains("Corrupt voice record voice_a", StringComparison.Ordinal));
    }

    [Fact]
    public void List_WithDamagedRecords_ReturnsValidOnesRemovesAndCountsOthers()
    {
        using (var store = _directory.Open())
        {
            for (int i = 0; i < 6; i++)
            {
                store.Voices.TryPut(TestVoices.Voice($"voice_{i}", seed: i, created: TestVoices.Created.AddSeconds(i)));
                store.Voices.SetPinned($"voice_{i}", pinned: true);
            }
        }

        DamageRecord("voice_1", Damage.FlipBodyByte);
        DamageRecord("voice_3", Damage.Truncate);
        DamageRecord("voice_4", Damage.Garbage);
        using var reopened = _directory.Open();

        var listed = reopened.Voices.List();

        Assert.Equal(["voice_0", "voice_2", "voice_5"], listed.Select(v => v.Id));
        Assert.Equal(3, reopened.Voices.Corrupt);
        Assert.Equal(["voice_0", "voice_2", "voice_5"], reopened.Voices.PinnedIds());
        Assert.Equal(3, reopened.Voices.List().Count);
        Assert.Equal(3, reopened.Voices.Corrupt);
    }

    [Fact]
    public void Validate_MixedRecords_ReportsScannedCorruptRemoved()
    {
        using (var store = _directory.Open())
        {
            for (int i = 0; i < 4; i++)
            {
                store.Voices.TryPut(TestVoices.Voice($"voice_{i}", seed: i));
            }

            store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(2000, seed: 1)));
        }

        DamageRecord("voice_2", Damage.Empty);
        using var reopened = _directory.Open();

        Assert.Equal(new ValidationReport(Scanned: 4, Corrupt: 1, Removed: 1), reopened.Voices.Validate());
        Assert.Equal(new ValidationReport(3, 0, 0), reopened.Voices.Validate());
        Assert.Equal(new ValidationReport(1, 0, 0), reopened.Segments.Validate(TestContext.Current.CancellationToken));
        Assert.Equal(1, reopened.Voices.Corrupt);
    }

    [Fact]
    public void Clear_Audio_LeavesVoicesAndPins()
    {
        using var store = _directory.Open();
        var voice = TestVoices.Voice("voice_a");
        store.Voices.TryPut(voice);
        store.Voices.SetPinned("voice_a", pinned: true);
        store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(2000, seed: 1)));

        Assert.Equal(1, store.Segments.Clear());

        Assert.Null(store.Segments.TryGet(TestAudio.Key(1)));
        TestVoices.AssertSame(voice, store.Voices.TryGet("voice_a"));
        Assert.Equal(["voice_a"], store.Voices.PinnedIds());
    }

    [Fact]
    public void Clear_RemovesRecordsAndPins_LeavesAudio()
    {
        var audio = TestAudio.Audio(TestAudio.Voiced(2000, seed: 1));
        using (var store = _directory.Open())
        {
            store.Voices.TryPut(TestVoices.Voice("voice_a"));
            store.Voices.TryPut(TestVoices.Voice("voice_b"));
            store.Voices.SetPinned("voice_b", pinned: true);
            store.Segments.TryPut(TestAudio.Key(1), audio);

            Assert.Equal(2, store.Voices.Clear());

            Assert.Empty(store.Voices.List());
            Assert.Empty(store.Voices.PinnedIds());
        }

        using var reopened = _directory.Open();
        Assert.Empty(reopened.Voices.List());
        Assert.Empty(reopened.Voices.PinnedIds());
        TestAudio.AssertSame(audio, reopened.Segments.TryGet(TestAudio.Key(1)));
    }

    [Fact]
    public void TryPut_AfterDispose_ReturnsFalseAndCountsWriteFailure()
    {
        var logger = new TestLogger();
        var store = _directory.Open(logger);
        store.Dispose();

        Assert.False(store.Voices.TryPut(TestVoices.Voice("voice_a")));

        Assert.Equal(1, store.Segments.Stats.WriteFailures);
        Assert.Contains(logger.Lines, line => line.Contains("after it was disposed", StringComparison.Ordinal));
    }

    [Fact]
    public void VoiceCalls_AfterDispose_MissWithoutThrowing()
    {
        var store = _directory.Open();
        store.Voices.TryPut(TestVoices.Voice("voice_a"));
        store.Voices.SetPinned("voice_a", pinned: true);
        store.Dispose();

        Assert.Null(store.Voices.TryGet("voice_a"));
        Assert.Empty(store.Voices.List());
        Assert.Empty(store.Voices.PinnedIds());
        Assert.False(store.Voices.SetPinned("voice_a", pinned: false));
        Assert.False(store.Voices.Remove("voice_a"));
        Assert.Throws<ObjectDisposedException>(() => store.Voices.Clear());
        Assert.Throws<ObjectDisposedException>(() => store.Voices.Validate());
    }

    [Fact]
    public async Task TryPutAndTryGet_ManyThreads_AllRecordsReadable()
    {
        const int Threads = 6, PerThread = 80, Ids = 40;
        var voices = Enumerable.Range(0, Ids)
            .Select(i => TestVoices.Voice($"voice_{i:D2}", seed: i, profileBytes: 1024 + (i * 75), created: TestVoices.Created.AddSeconds(i)))
            .ToArray();
        using (var store = _directory.Open())
        {
            var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
            {
                for (int n = 0; n < PerThread; n++)
                {
                    int i = ((t * PerThread) + n) % Ids;
                    Assert.True(store.Voices.TryPut(voices[i]));
                    int other = (i + 11) % Ids;
                    if (store.Voices.TryGet(voices[other].Id) is { } read)
                    {
                        TestVoices.AssertSame(voices[other], read);
                    }

                    if (n % 8 == 0)
                    {
                        store.Voices.SetPinned(voices[i].Id, pinned: n % 16 == 0);
                        Assert.All(store.Voices.List(), v => TestVoices.AssertSame(voices[int.Parse(v.Id[6..], System.Globalization.CultureInfo.InvariantCulture)], v));
                    }

                    store.Segments.TryPut(TestAudio.Key(i), TestAudio.Audio(TestAudio.Voiced(500, seed: i)));
                }
            }, TestContext.Current.CancellationToken));
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            Assert.Equal(voices.Select(v => v.Id), store.Voices.List().Select(v => v.Id));
            Assert.Equal(0, store.Voices.Corrupt);
            Assert.Equal(0, store.Segments.Stats.WriteFailures);
        }

        using var reopened = _directory.Open();
        foreach (var voice in voices)
        {
            TestVoices.AssertSame(voice, reopened.Voices.TryGet(voice.Id));
        }

        Assert.Equal(new ValidationReport(Ids, 0, 0), reopened.Voices.Validate());
    }

    private void DamageRecord(string id, Damage damage)
    {
        using var database = StoreDatabase.Open(_directory.Path, NullLogger.Instance);
        byte[] key = VoiceFrame.Key(id);
        byte[] value = database.Db.Get(key, database.Voices) ?? throw new InvalidOperationException("No record to damage.");
        byte[] damaged = damage switch
        {
            Damage.FlipBodyByte => Flip(value, value.Length - 7),
            Damage.FlipHeaderByte => Flip(value, 2),
            Damage.Truncate => value[..(value.Length / 2)],
            Damage.Garbage => TestVoices.Noise(value.Length, value.Length),
            Damage.Empty => [],
            // A valid record, but of another voice: must not be served under this id.
            Damage.OtherVoicesRecord => VoiceFrame.Encode(TestVoices.Voice("voice_other")),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
        database.Db.Put(key, damaged, database.Voices);
    }

    private static byte[] Flip(byte[] value, int index)
    {
        byte[] copy = (byte[])value.Clone();
        copy[index] ^= 0x04;
        return copy;
    }
}
