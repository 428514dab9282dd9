using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// The running figures of one validation: entries scanned, corrupt and removed, the blob files reads could not
/// find, and where a scan stopped early. Logs progress every 10,000 entries or 5 seconds, and stops (throws) between
/// entries once cancelled.
/// </summary>
internal sealed partial class ValidationScan(ILogger logger, string what, long expected, string directory, CancellationToken cancellationToken)
{
    private const int ProgressEvery = 10_000;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _missingBlobFiles = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];
    private long _lastProgress = Stopwatch.GetTimestamp();

    public long Scanned { get; private set; }
    public long Corrupt { get; private set; }
    public long Removed { get; private set; }

    /// <summary>Whether anything was found wrong: a corrupt entry or a scan that stopped early.</summary>
    public bool FoundDamage => Corrupt > 0 || _errors.Count > 0;

    /// <summary>Counts the next entry; throws once cancelled; logs progress now and then.</summary>
    public void Next()
    {
        cancellationToken.ThrowIfCancellationRequested();
        Scanned++;
        if (Scanned % ProgressEvery == 0 || Stopwatch.GetElapsedTime(_lastProgress) >= ProgressInterval)
        {
            _lastProgress = Stopwatch.GetTimestamp();
            StoreLog.ValidationProgress(logger, what, Scanned, Math.Max(expected, Scanned), Corrupt);
        }
    }

    public void CorruptFound(bool removed)
    {
        Corrupt++;
        if (removed)
        {
            Removed++;
        }
    }

    /// <summary>A value RocksDB could not read: notes the blob file it names when that file is gone.</summary>
    public void Unreadable(string key, RocksDbException exception)
    {
        StoreLog.UnreadableEntry(logger, what, key, exception.Message);
        foreach (Match match in BlobFileName().Matches(exception.Message))
        {
            var file = match.Value;
            if (!File.Exists(Path.Combine(directory, file)) && _missingBlobFiles.Add(file))
            {
                StoreLog.MissingBlobFile(logger, file);
            }
        }
    }

    /// <summary>Notes where an iterator stopped early (null: it reached the end).</summary>
    public void Stopped(string? error, string scan)
    {
        if (error is not null)
        {
            StoreLog.ScanStopped(logger, scan, Scanned, error);
            _errors.Add($"{scan}: {error}");
        }
    }

    public ValidationReport Report() => new(Scanned, Corrupt, Removed)
    {
        MissingBlobFiles = _missingBlobFiles.Count,
        Error = _errors.Count == 0 ? null : string.Join("; ", _errors),
    };

    [GeneratedRegex(@"\d+\.blob")]
    private static partial Regex BlobFileName();
}
