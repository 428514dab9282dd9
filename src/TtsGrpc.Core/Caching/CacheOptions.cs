namespace TtsGrpc.Core.Caching;

/// <summary>Audio cache bounds ("Tts:Cache" in configuration).</summary>
public sealed class CacheOptions
{
    public const string Section = "Tts:Cache";

    /// <summary>Bytes of PCM the in-memory tier keeps.</summary>
    public long MemoryCapacityBytes { get; set; } = 64L << 20;

    /// <summary>Bytes of segments kept encoded in client formats other than the master's (0 turns it off).</summary>
    public long RenderedCapacityBytes { get; set; } = 64L << 20;

    /// <summary>Stored bytes the disk tier keeps before evicting the least recently used entries.</summary>
    public long DiskCapacityBytes { get; set; } = 2L << 30;
}
