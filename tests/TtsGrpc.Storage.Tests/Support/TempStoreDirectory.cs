namespace TtsGrpc.Storage.Tests.Support;

/// <summary>A unique directory under the system temp folder for one store, removed on dispose.</summary>
public sealed class TempStoreDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ttsgrpc-store-" + Guid.NewGuid().ToString("N"));

    public StoreOptions Options(long capacityBytes = 1L << 30) => new()
    {
        Directory = Path,
        CapacityBytes = capacityBytes,
        AccessFlushInterval = TimeSpan.Zero,
    };

    public LocalStore Open(TestLogger? logger = null, long capacityBytes = 1L << 30) =>
        LocalStore.Open(Options(capacityBytes), logger ?? new TestLogger());

    /// <summary>The copies and moved-aside stores a recovery left beside the store ("….damaged-…").</summary>
    public IReadOnlyList<string> DamagedCopies =>
        [.. Directory.EnumerateFileSystemEntries(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path) + ".damaged-*")];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
        else if (File.Exists(Path))
        {
            File.Delete(Path);
        }

        foreach (var copy in DamagedCopies)
        {
            if (Directory.Exists(copy))
            {
                Directory.Delete(copy, recursive: true);
            }
            else
            {
                File.Delete(copy);
            }
        }
    }
}
