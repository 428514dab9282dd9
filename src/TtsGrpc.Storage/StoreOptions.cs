namespace TtsGrpc.Storage;

public sealed class StoreOptions
{
    public string Directory { get; set; } = "./data";

    /// <summary>Disk cap in stored (framed, compressed) bytes; least recently used entries go first.</summary>
    public long CapacityBytes { get; set; } = 2L << 30;

    /// <summary>How often recorded reads are written to the access index; zero or less: only on eviction and dispose.</summary>
    public TimeSpan AccessFlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
