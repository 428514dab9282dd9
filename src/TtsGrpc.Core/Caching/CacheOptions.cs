using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Core.Caching;

/// <summary>Audio cache bounds ("Tts:Cache" in configuration).</summary>
public sealed class CacheOptions
{
    public const string Section = "Tts:Cache";

    /// <summary>Bytes of PCM the in-memory tier keeps; 0 turns the memory tier off.</summary>
    [Range(typeof(long), "0", "1099511627776", ErrorMessage = "{0} must be between {1} and {2} (1 TiB).")]
    public long MemoryCapacityBytes { get; set; } = 64L << 20;

    /// <summary>
    /// Segments the in-memory tier keeps at most, whatever their size; 0 = no bound but the bytes. Sizing a
    /// tier in segments is what hit-ratio figures speak of (a trace's working set is counted in sentences).
    /// </summary>
    [Range(typeof(long), "0", "1000000000", ErrorMessage = "{0} must be between {1} (no bound) and {2}.")]
    public long MemoryMaxEntries { get; set; }

    /// <summary>Bytes of segments kept encoded in client formats other than the master's (0 turns it off).</summary>
    [Range(typeof(long), "0", "1099511627776", ErrorMessage = "{0} must be between {1} and {2} (1 TiB).")]
    public long RenderedCapacityBytes { get; set; } = 64L << 20;

    /// <summary>Stored bytes the disk tier keeps before evicting the least recently used entries.</summary>
    [Range(typeof(long), "1048576", "1125899906842624", ErrorMessage = "{0} must be between {1} (1 MiB) and {2} (1 PiB).")]
    public long DiskCapacityBytes { get; set; } = 2L << 30;
}
