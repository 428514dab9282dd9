using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>Kokoro voices ("Tts:Engines:Kokoro" in configuration).</summary>
public sealed class KokoroOptions
{
    public const string Section = "Tts:Engines:Kokoro";

    /// <summary>
    /// Where voice packs live: a directory (every <c>*.bin</c>, a raw pack or an npz bundle such as
    /// <c>voices-v1.0.bin</c>, and every <c>*.npz</c>) or one such file.
    /// </summary>
    public string VoicesPath { get; set; } = "";

    /// <summary>Bytes of unpinned voice packs kept in memory (one pack is about 510 KiB).</summary>
    [Range(0, long.MaxValue)]
    public long PackCacheBytes { get; set; } = 64L << 20;
}
