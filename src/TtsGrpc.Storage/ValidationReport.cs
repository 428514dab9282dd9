namespace TtsGrpc.Storage;

/// <summary>
/// What a validation read: entries scanned, found corrupt (a value that fails its checks or cannot be read at
/// all) and removed. <see cref="MissingBlobFiles"/> counts the distinct blob files reads needed and did not find;
/// <see cref="Error"/> is RocksDB's error when a scan could not read on to the end (entries past it were not checked);
/// then <see cref="RepairAtNextStart"/> says the store asked to be repaired when it next opens.
/// </summary>
public sealed record ValidationReport(long Scanned, long Corrupt, long Removed)
{
    public long MissingBlobFiles { get; init; }

    public string? Error { get; init; }

    public bool RepairAtNextStart { get; init; }
}
