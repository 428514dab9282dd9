using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TtsGrpc.Server.Security;

/// <summary>
/// The configured API keys, held as SHA-256 hashes. A presented key is hashed and compared with every
/// configured hash in constant time, so neither the key's content nor which entry matched shows in the timing.
/// </summary>
internal sealed class ApiKeyRing
{
    private readonly byte[][] _adminHashes;
    private readonly byte[][] _clientHashes;

    public ApiKeyRing(IOptions<AuthOptions> options, ILogger<ApiKeyRing> logger)
    {
        _adminHashes = [.. options.Value.AdminKeys.Select(Hash)];
        _clientHashes = [.. options.Value.ClientKeys.Select(Hash)];
        SecurityLog.KeysLoaded(
            logger, _adminHashes.Length, _clientHashes.Length, Describe(Required(AccessLevel.Admin)), Describe(Required(AccessLevel.Client)));
    }

    public int AdminKeyCount => _adminHashes.Length;

    public int ClientKeyCount => _clientHashes.Length;

    /// <summary>
    /// What a call of <paramref name="kind"/> needs with the keys configured: admin calls fall back to needing
    /// a client key when only client keys are set, so locking synthesis never leaves the admin calls open.
    /// </summary>
    public AccessLevel Required(AccessLevel kind) => kind switch
    {
        AccessLevel.Admin when _adminHashes.Length > 0 => AccessLevel.Admin,
        AccessLevel.Admin or AccessLevel.Client when _clientHashes.Length > 0 => AccessLevel.Client,
        _ => AccessLevel.Open,
    };

    /// <summary>The level <paramref name="key"/> grants: Admin, Client, or Open for a key that is not configured.</summary>
    public AccessLevel Grant(string key)
    {
        var hash = Hash(key);
        // No early exit: every configured hash is compared whatever the outcome.
        var admin = Matches(hash, _adminHashes);
        var client = Matches(hash, _clientHashes);
        return admin ? AccessLevel.Admin : client ? AccessLevel.Client : AccessLevel.Open;
    }

    private static string Describe(AccessLevel level) => level switch
    {
        AccessLevel.Admin => "an admin key",
        AccessLevel.Client => "a client or admin key",
        _ => "no key",
    };

    private static bool Matches(byte[] hash, byte[][] configured)
    {
        var found = false;
        foreach (var candidate in configured)
        {
            found |= CryptographicOperations.FixedTimeEquals(hash, candidate);
        }

        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
