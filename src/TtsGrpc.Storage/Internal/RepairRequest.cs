namespace TtsGrpc.Storage.Internal;

/// <summary>
/// A file in the store directory (<c>REPAIR-REQUESTED</c>) that a validation leaves when RocksDB stopped one of its
/// scans at damage it cannot remove while open (a damaged block of an SST file: the entries past it cannot be
/// reached, and the block stays until a compaction, which would fail on it). The next open repairs the store, as
/// for one that does not open: a copy first, then RocksDB's repair, which sets such a file aside.
/// </summary>
internal static class RepairRequest
{
    public static string FilePath(string directory) => Path.Combine(directory, "REPAIR-REQUESTED");

    /// <summary>Leaves the request; false (the caller logs it) when the file cannot be written.</summary>
    public static bool Write(string directory, string reason)
    {
        try
        {
            File.WriteAllText(FilePath(directory), reason);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The reason a validation gave, or null when no repair was asked for.</summary>
    public static string? Read(string directory)
    {
        try
        {
            var path = FilePath(directory);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Clear(string directory)
    {
        try
        {
            File.Delete(FilePath(directory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the next open repairs once more; harmless
        }
    }
}
