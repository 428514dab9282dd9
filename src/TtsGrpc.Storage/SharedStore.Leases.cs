namespace TtsGrpc.Storage;

public sealed partial class SharedStore
{
    /// <summary>
    /// Takes the short lease a replica holds while it synthesizes the segment under <paramref name="key"/>
    /// (SET lease token NX PX <see cref="SharedStoreOptions.LeaseTime"/>): it lapses by itself if the holder dies.
    /// </summary>
    public async Task<SharedLeaseResult> TryTakeLeaseAsync(byte[] key, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var leaseKey = LeaseKey(key);
        var (ok, taken) = await RunAsync(db => db.LockTakeAsync(leaseKey, token, _options.LeaseTime), cancellationToken);
        return new SharedLeaseResult(ok && taken ? token : null, ok);
    }

    /// <summary>
    /// Releases the lease if it is still <paramref name="token"/>'s: one that lapsed and was taken by another replica
    /// stays theirs. StackExchange.Redis's LockRelease does this compare-and-delete atomically on the server where it
    /// can (Redis 8.4's conditional delete), else as a WATCH/GET/MULTI/DEL/EXEC transaction, which older Redis and
    /// Garnet serve; no Lua (Garnet runs scripts only when started with --lua).
    /// </summary>
    public async Task ReleaseLeaseAsync(byte[] key, string token)
    {
        var leaseKey = LeaseKey(key);
        await RunAsync(db => db.LockReleaseAsync(leaseKey, token), CancellationToken.None);
    }
}
