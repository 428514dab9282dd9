namespace TtsGrpc.Storage.Internal;

/// <summary>
/// What is on disk: entries and their stored and raw bytes. Changed only under the store's
/// write lock (in step with the batch that changed the disk), read from any thread.
/// </summary>
internal sealed class StoreTotals
{
    private long _entries;
    private long _storedBytes;
    private long _rawBytes;

    public long Entries => Interlocked.Read(ref _entries);
    public long StoredBytes => Interlocked.Read(ref _storedBytes);
    public long RawBytes => Interlocked.Read(ref _rawBytes);

    public void Add(IndexEntry entry) => Apply(1, entry.StoredBytes, entry.RawBytes);

    public void Subtract(IndexEntry entry) => Apply(-1, -entry.StoredBytes, -entry.RawBytes);

    public void Reset()
    {
        Interlocked.Exchange(ref _entries, 0);
        Interlocked.Exchange(ref _storedBytes, 0);
        Interlocked.Exchange(ref _rawBytes, 0);
    }

    private void Apply(long entries, long storedBytes, long rawBytes)
    {
        Interlocked.Add(ref _entries, entries);
        Interlocked.Add(ref _storedBytes, storedBytes);
        Interlocked.Add(ref _rawBytes, rawBytes);
    }
}
