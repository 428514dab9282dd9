using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using RocksDbSharp;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

/// <summary>
/// Embeddings (voice packs and what is derived from them), in the <c>embeddings</c> column family of a
/// <see cref="LocalStore"/>: one framed value per embedding, keyed by the content hash of its values
/// (<see cref="HashOf"/>). Imported user data, outside the audio capacity, eviction and totals. Thread-safe;
/// reads never serve a value that fails validation (it is removed and counted) and writes never throw for
/// I/O failures. After the <see cref="LocalStore"/> is disposed, reads return nothing and writes return false.
/// </summary>
public sealed partial class EmbeddingStore
{
    private readonly StoreHandle _handle;
    private readonly ILogger _logger;
    private readonly StoreCounters _counters;
    private readonly Lock _writeLock = new();
    private long _count;

    internal EmbeddingStore(StoreHandle handle)
    {
        _handle = handle;
        _logger = handle.Logger;
        _counters = handle.Counters;
        _count = CountValues();
    }

    /// <summary>Embeddings found corrupt (and removed) since open.</summary>
    public long Corrupt => _counters.EmbeddingCorrupt;

    /// <summary>Embeddings on disk (corrupt ones not yet found included).</summary>
    public long Count => Interlocked.Read(ref _count);

    private RocksDb Db => _handle.Db;

    /// <summary>The key of <paramref name="values"/>: lowercase hex SHA-256 of them as little-endian float32 bytes.</summary>
    public static string HashOf(ReadOnlySpan<float> values) => EmbeddingFrame.HashOf(values);

    /// <summary>
    /// Stores <paramref name="values"/> under <paramref name="hash"/>, replacing what is there. Returns false when
    /// nothing was stored: a hash that is not 64 lowercase hex digits, a name or values that do not fit the frame,
    /// or a failed write (each counted in <see cref="StoreStats.WriteFailures"/>). The hash is <see cref="HashOf"/>
    /// the values for an imported embedding, a SHA-256 of its recipe for a derived one. Never throws for I/O failures.
    /// </summary>
    public bool TryPut(string hash, string name, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(name);
        byte[] frame;
        try
        {
            frame = EmbeddingFrame.Encode(hash, name, values);
        }
        catch (ArgumentException ex)
        {
            _counters.WriteFailed();
            StoreLog.InvalidEmbedding(_logger, name, ex);
            return false;
        }

        return _handle.TryWrite("embedding put", _writeLock, () =>
        {
            var family = Family;
            byte[] key = EmbeddingFrame.Key(hash);
            bool replacing = Db.HasKey(key, family);
            Db.Put(key, frame, family);
            if (!replacing)
            {
                Interlocked.Increment(ref _count);
            }

            return true;
        }, countIfClosed: true);
    }

    /// <summary>Whether a value is stored under <paramref name="hash"/> (not validated: <see cref="TryGet"/> does that).</summary>
    public bool Contains(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (!EmbeddingFrame.IsValidHash(hash) || !_handle.TryEnter())
        {
            return false;
        }

        try
        {
            return _handle.Embeddings is { } family && Db.HasKey(EmbeddingFrame.Key(hash), family);
        }
        catch (RocksDbException ex)
        {
            StoreLog.ReadFailed(_logger, "embedding " + hash, ex);
            return false;
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>
    /// The embedding stored under <paramref name="hash"/>, or null when there is none. A value that fails
    /// validation (the frame's checks, or a value written under another key) is removed, counted in <see cref="Corrupt"/> and reported as missing. After Dispose: null.
    /// </summary>
    public StoredEmbedding? TryGet(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (!EmbeddingFrame.IsValidHash(hash) || !_handle.TryEnter())
        {
            return null;
        }

        try
        {
            if (_handle.Embeddings is not { } family)
            {
                return null;
            }

            byte[] key = EmbeddingFrame.Key(hash);
            byte[]? value;
            try
            {
                value = Db.Get(key, family);
            }
            catch (RocksDbException ex)
            {
                StoreLog.ReadFailed(_logger, "embedding " + hash, ex);
                return null;
            }

            if (value is null)
            {
                return null;
            }

            if (EmbeddingFrame.TryDecode(hash, value, out var embedding, out var error))
            {
                return embedding;
            }

            CorruptFound(hash, error);
            RemoveCorrupt(key, value);
            return null;
        }
        finally
        {
            _handle.Exit();
        }
    }

    /// <summary>Removes an embedding; false when there was none or the delete failed.</summary>
    public bool Remove(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return EmbeddingFrame.IsValidHash(hash) && _handle.TryWrite("embedding remove", _writeLock, () =>
        {
            byte[] key = EmbeddingFrame.Key(hash);
            bool existed = Db.HasKey(key, Family);
            DeleteLocked(key);
            return existed;
        });
    }

    // Writes reach here only in a writable store, which always has the family.
    private ColumnFamilyHandle Family => _handle.Embeddings ?? throw new InvalidOperationException("The store has no embeddings family.");

    private static bool TryDecode(byte[] key, byte[] value, [NotNullWhen(true)] out StoredEmbedding? embedding, out FrameError error) =>
        EmbeddingFrame.TryDecode(System.Text.Encoding.ASCII.GetString(key), value, out embedding, out error);

    private void CorruptFound(string hash, FrameError error)
    {
        _counters.EmbeddingCorruptFound();
        StoreLog.CorruptEmbedding(_logger, hash, error);
    }

    private bool RemoveCorrupt(byte[] key, byte[] seen) =>
        _handle.RemoveIfUnchanged(Family, key, seen, _writeLock, DeleteLocked, "corrupt embedding removal");

    /// <summary>Deletes a value and keeps the count. Caller holds the write lock.</summary>
    private void DeleteLocked(byte[] key)
    {
        if (Db.HasKey(key, Family))
        {
            Db.Remove(key, Family);
            Interlocked.Exchange(ref _count, Math.Max(0, Count - 1));
        }
    }

    private long CountValues()
    {
        if (_handle.Mode == StoreMode.Disabled || _handle.Embeddings is not { } family)
        {
            return 0;
        }

        long count = 0;
        using var iterator = Db.NewIterator(family);
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            count++;
        }

        if (StoreHandle.IteratorError(iterator) is { } error)
        {
            StoreLog.ScanStopped(_logger, "embeddings", count, error);
        }

        return count;
    }
}
