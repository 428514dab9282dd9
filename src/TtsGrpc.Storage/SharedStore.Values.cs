using StackExchange.Redis;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class SharedStore
{
    /// <summary>
    /// The verified audio under <paramref name="key"/>. A value that fails the frame checks is deleted, counted in
    /// <see cref="SharedStoreStats.Corrupt"/> and reported as missing; it is never returned.
    /// </summary>
    public async Task<SharedRead> TryGetAsync(byte[] key, CancellationToken cancellationToken)
    {
        var valueKey = ValueKey(key);
        var (ok, value) = await RunAsync(db => db.StringGetAsync(valueKey), cancellationToken);
        if (!ok)
        {
            return SharedRead.NoAnswer;
        }

        if (value.IsNull)
        {
            return SharedRead.Missing;
        }

        byte[] frame = (byte[])value!;
        if (!AudioFrame.TryDecode(frame, out var audio, out var error))
        {
            Interlocked.Increment(ref _corrupt);
            SharedStoreLog.CorruptValue(_logger, valueKey.ToString(), error, frame.Length);
            // Only that value goes (compare-and-delete, as a lease release is): a good one another replica wrote since stays.
            await RunAsync(db => db.LockReleaseAsync(valueKey, frame), CancellationToken.None);
            return SharedRead.Missing;
        }

        return new SharedRead(audio, Answered: true);
    }

    /// <summary>Writes <paramref name="audio"/> under <paramref name="key"/> with the entry expiry; false when it was not written (too large, failed).</summary>
    public async Task<bool> TryPutAsync(byte[] key, StoredAudio audio)
    {
        byte[] frame;
        try
        {
            frame = AudioFrame.Encode(audio);
        }
        catch (ArgumentException e)
        {
            Interlocked.Increment(ref _writeFailures);
            SharedStoreLog.InvalidAudio(_logger, Convert.ToHexStringLower(key), e);
            return false;
        }

        if (frame.Length > _options.MaxValueBytes)
        {
            Interlocked.Increment(ref _oversized);
            return false;
        }

        var valueKey = ValueKey(key);
        var (ok, _) = await RunAsync(db => db.StringSetAsync(valueKey, frame, _options.EntryTtl, When.Always), CancellationToken.None);
        Interlocked.Increment(ref ok ? ref _writes : ref _writeFailures);
        return ok;
    }

    /// <summary>Whether a value exists under <paramref name="key"/> (not read, not verified); false when the server did not answer.</summary>
    public async Task<bool> ContainsAsync(byte[] key, CancellationToken cancellationToken)
    {
        var valueKey = ValueKey(key);
        var (ok, exists) = await RunAsync(db => db.KeyExistsAsync(valueKey), cancellationToken);
        return ok && exists;
    }
}
