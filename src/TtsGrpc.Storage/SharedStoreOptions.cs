using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace TtsGrpc.Storage;

/// <summary>
/// The shared cache tier on a RESP server (Redis, Valkey, Garnet), "Tts:Cache:Redis" in configuration. Empty
/// <see cref="Configuration"/> turns the tier off. Every timeout is short on purpose: the tier saves syntheses, it
/// must never hold a request for longer than a lookup in it is worth.
/// </summary>
public sealed class SharedStoreOptions : IValidatableObject
{
    public const string Section = "Tts:Cache:Redis";

    /// <summary>A StackExchange.Redis configuration string ("redis1:6379,password=…,ssl=true"); empty: no shared tier.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Put before every key, so several services (or versions of this one) can share one server.</summary>
    public string KeyPrefix { get; set; } = "tts:";

    /// <summary>Expiry of each shared segment; unset: none, the server's maxmemory policy evicts.</summary>
    public TimeSpan? EntryTtl { get; set; }

    /// <summary>Framed values larger than this stay local (not shared).</summary>
    [Range(1024, 512 << 20, ErrorMessage = "{0} must be between {1} and {2} (512 MiB, the largest string Redis keeps).")]
    public int MaxValueBytes { get; set; } = 4 << 20;

    /// <summary>The longest one command may take before the replica carries on without the tier.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one connection attempt may take (attempts repeat in the background).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Expiry of the lease a replica takes while it synthesizes a segment others may want: a crashed holder's lapses.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a replica that finds a segment leased waits for its value before it synthesizes the segment itself.</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Writes queued for the server; past this they are dropped (counted), never waited for.</summary>
    [Range(1, 1_000_000, ErrorMessage = "{0} must be between {1} and {2}.")]
    public int WriteQueueCapacity { get; set; } = 256;

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled)
        {
            string? problem = null;
            try
            {
                if (ConfigurationOptions.Parse(Configuration).EndPoints.Count == 0)
                {
                    problem = "it names no server";
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
            {
                problem = e.Message.TrimEnd('.');
            }

            if (problem is not null)
            {
                yield return new ValidationResult(
                    $"{Section}:{nameof(Configuration)} '{Configuration}' is not a usable StackExchange.Redis configuration: {problem}; " +
                    "use host:port[,option=value…], e.g. 'redis:6379,password=secret', or leave it empty to turn the shared tier off.",
                    [nameof(Configuration)]);
            }
        }

        foreach (var (name, value) in new[]
        {
            (nameof(OperationTimeout), OperationTimeout), (nameof(ConnectTimeout), ConnectTimeout),
            (nameof(LeaseTime), LeaseTime), (nameof(LeaseWait), LeaseWait),
        })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
            {
                yield return new ValidationResult(
                    $"{Section}:{name} is {value}; use a duration above zero and at most 01:00:00, such as 00:00:01.", [name]);
            }
        }

        if (EntryTtl is { } ttl && ttl < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(EntryTtl)} is {ttl}; use at least 00:00:01, or leave it unset for no expiry.", [nameof(EntryTtl)]);
        }
    }
}
