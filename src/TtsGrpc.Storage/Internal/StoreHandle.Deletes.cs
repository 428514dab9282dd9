using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

internal sealed partial class StoreHandle
{
    private const int DeleteBatchSize = 1024;

    /// <summary>
    /// Removes a value found corrupt, unless it was replaced since it was read: under
    /// <paramref name="writeLock"/>, deletes <paramref name="key"/> with <paramref name="deleteLocked"/>
    /// only if its value still equals <paramref name="seen"/>. Never throws for I/O failures: a failed
    /// delete is logged and counted. Caller holds the gate.
    /// </summary>
    public bool RemoveIfUnchanged(
        ColumnFamilyHandle family, byte[] key, byte[] seen, Lock writeLock, Action<byte[]> deleteLocked, string operation)
    {
        try
        {
            lock (writeLock)
            {
                byte[]? current = Db.Get(key, family);
                if (current is null || !current.AsSpan().SequenceEqual(seen))
                {
                    return false;
                }

                deleteLocked(key);
                return true;
            }
        }
        catch (RocksDbException ex)
        {
            WriteFailed(operation, ex);
            return false;
        }
    }

    /// <summary>
    /// Deletes every key of <paramref name="family"/> that starts with <paramref name="prefix"/>
    /// (all of them for an empty prefix), in batches so a large family does not build one huge
    /// batch. Returns how many keys were deleted. Caller holds the gate and its store's write lock.
    /// </summary>
    public long DeleteAll(ColumnFamilyHandle family, ReadOnlySpan<byte> prefix = default, WriteOptions? options = null)
    {
        long count = 0;
        using var batch = new WriteBatch();
        using var iterator = Db.NewIterator(family);
        if (prefix.IsEmpty)
        {
            iterator.SeekToFirst();
        }
        else
        {
            iterator.Seek(prefix.ToArray());
        }

        for (; iterator.Valid() && iterator.GetKeySpan().StartsWith(prefix); iterator.Next())
        {
            batch.Delete(iterator.Key(), family);
            count++;
            if (count % DeleteBatchSize == 0)
            {
                Db.Write(batch, options);
                batch.Clear();
            }
        }

        Db.Write(batch, options);
        return count;
    }
}
