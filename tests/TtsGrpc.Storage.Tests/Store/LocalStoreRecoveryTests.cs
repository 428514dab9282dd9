using TtsGrpc.Storage.Tests.Support;

namespace TtsGrpc.Storage.Tests.Store;

/// <summary>Opening a damaged or unusable store: it opens anyway, and says what it did and what it lost.</summary>
public sealed class LocalStoreRecoveryTests : IDisposable
{
    private readonly TempStoreDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Open_AfterCleanClose_ReportsTheCountsItRecordedAndNothingLost()
    {
        Populate(segments: 3, voices: 2);

        using var store = _directory.Open();

        var report = store.OpenReport;
        Assert.Equal((StoreMode.ReadWrite, StoreRecovery.None), (report.Mode, report.Recovery));
        Assert.Equal((3L, 2L, true), (report.ExpectedSegments, report.ExpectedVoices, report.LastShutdownClean));
        Assert.Equal((3L, 2L, 0L), (report.Segments, report.Voices, report.VoicesLost));
    }

    [Fact]
    public void Open_StoreIsAFile_MovesItAsideAndStartsEmpty()
    {
        File.WriteAllText(_directory.Path, "not a directory");
        var logger = new TestLogger();

        using var store = _directory.Open(logger);

        var report = store.OpenReport;
        Assert.Equal((StoreMode.ReadWrite, StoreRecovery.Replaced), (report.Mode, report.Recovery));
        Assert.Equal("not a directory", File.ReadAllText(Assert.Single(_directory.DamagedCopies)));
        Assert.Equal(report.DamagedCopy, _directory.DamagedCopies[0]);
        Assert.Null(report.VoicesLost); // nothing tells how many voices it held
        Assert.True(store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(1000, seed: 1))));
        Assert.Contains(logger.Lines, l => l.StartsWith("Error 25:", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_CurrentIsGarbage_RepairsKeepsTheVoicesAndACopyAsFound()
    {
        Populate(segments: 3, voices: 2);
        File.WriteAllText(System.IO.Path.Combine(_directory.Path, "CURRENT"), "garbage\n");

        using var store = _directory.Open();

        var report = store.OpenReport;
        Assert.Equal(StoreRecovery.Repaired, report.Recovery);
        Assert.NotNull(report.Problem);
        Assert.Equal("garbage\n", File.ReadAllText(System.IO.Path.Combine(Assert.Single(_directory.DamagedCopies), "CURRENT")));
        Assert.Equal(2, report.Voices);
        Assert.Equal(0L, report.VoicesLost);
        Assert.NotNull(store.Voices.TryGet("voice_0"));
    }

    [Fact]
    public void Open_ManifestDeleted_RepairsAndComparesWithTheLastCounts()
    {
        Populate(segments: 2, voices: 3);
        foreach (var manifest in Directory.EnumerateFiles(_directory.Path, "MANIFEST-*"))
        {
            File.Delete(manifest);
        }

        using var store = _directory.Open();

        Assert.NotEqual(StoreRecovery.None, store.OpenReport.Recovery);
        Assert.Equal(3L, store.OpenReport.ExpectedVoices);
        Assert.Equal(store.OpenReport.Voices, store.Voices.List().Count);
        Assert.Equal(3 - store.OpenReport.Voices, store.OpenReport.VoicesLost);
    }

    [Fact]
    public void Open_StoreOpenByAnotherHandle_RefusesInOneLineAndTouchesNothing()
    {
        using var first = _directory.Open();

        var refused = Assert.Throws<IOException>(() => _directory.Open());

        Assert.DoesNotContain('\n', refused.Message);
        Assert.Contains("in use by another process", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_directory.DamagedCopies);
    }

    [Fact]
    public void Open_DirectoryCannotBeCreated_RunsDisabledMissesAndCountsWritesLoggingOnce()
    {
        File.WriteAllText(_directory.Path, "a file where a directory is needed");
        var options = _directory.Options();
        options.Directory = System.IO.Path.Combine(_directory.Path, "store");
        var logger = new TestLogger();

        using var store = LocalStore.Open(options, logger);

        Assert.Equal(StoreMode.Disabled, store.OpenReport.Mode);
        Assert.Null(store.Segments.TryGet(TestAudio.Key(1)));
        Assert.False(store.Segments.TryPut(TestAudio.Key(1), TestAudio.Audio(TestAudio.Voiced(1000, seed: 1))));
        Assert.False(store.Voices.TryPut(TestVoices.Voice("voice_a")));
        Assert.Equal(2, store.Segments.Stats.WriteFailures);
        Assert.Equal(0, store.Segments.Validate(TestContext.Current.CancellationToken).Scanned);
        Assert.Equal(0, store.Voices.Validate().Scanned);
        Assert.Single(logger.Lines, l => l.StartsWith("Warning 22:", StringComparison.Ordinal));
        Assert.Single(logger.Lines, l => l.StartsWith("Error 21:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BlobFileDeleted_CountsEntriesCorruptReportsTheFileAndRecountsTotals()
    {
        Populate(segments: 4, voices: 0, audioSamples: 20_000); // large enough for blob files
        var blob = Assert.Single(Directory.EnumerateFiles(_directory.Path, "*.blob"));
        File.Delete(blob);
        using var store = _directory.Open();
        Assert.Equal(4, store.Segments.Stats.Entries);

        var report = store.Segments.Validate(TestContext.Current.CancellationToken);

        Assert.Equal((4L, 4L, 4L, 1L), (report.Scanned, report.Corrupt, report.Removed, report.MissingBlobFiles));
        Assert.Equal(0, store.Segments.Stats.Entries);
        Assert.Equal(0, store.Segments.Stats.StoredBytes);
        Assert.Equal(new ValidationReport(0, 0, 0), store.Segments.Validate(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void TryGet_BlobFileDeleted_MissesCountsCorruptAndRemovesTheEntry()
    {
        Populate(segments: 2, voices: 0, audioSamples: 20_000);
        File.Delete(Assert.Single(Directory.EnumerateFiles(_directory.Path, "*.blob")));
        using var store = _directory.Open();

        Assert.Null(store.Segments.TryGet(TestAudio.Key(0)));

        Assert.Equal((1L, 1L), (store.Segments.Stats.Corrupt, store.Segments.Stats.Entries));
        Assert.False(store.Segments.Contains(TestAudio.Key(0)));
        Assert.True(store.Segments.Contains(TestAudio.Key(1)));
    }

    [Fact]
    public void Validate_Cancelled_StopsWithOperationCanceled()
    {
        Populate(segments: 2, voices: 0);
        using var store = _directory.Open();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => store.Segments.Validate(cancelled.Token));
    }

    /// <summary>Writes segments and voices, flushes them to SST (and blob) files, and closes cleanly.</summary>
    private void Populate(int segments, int voices, int audioSamples = 1000)
    {
        using var store = _directory.Open();
        for (var i = 0; i < segments; i++)
        {
            Assert.True(store.Segments.TryPut(TestAudio.Key(i), TestAudio.Audio(TestAudio.Noise(audioSamples, seed: i))));
        }

        for (var i = 0; i < voices; i++)
        {
            Assert.True(store.Voices.TryPut(TestVoices.Voice($"voice_{i}", seed: i)));
        }

        store.FlushMemtables();
    }
}
