using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>Kokoro-82M ("Tts:Engines:Kokoro" in configuration); without a ModelPath there are no Kokoro voices.</summary>
public sealed class KokoroOptions
{
    public const string Section = "Tts:Engines:Kokoro";

    /// <summary>The model (kokoro-v1.0.onnx, its int8 version, or an onnx-community export); empty: Kokoro is off.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>The config.json with the model's vocabulary, when the model does not embed it; empty: config.json beside the model.</summary>
    public string ConfigPath { get; set; } = "";

    /// <summary>
    /// Where voice packs live: a directory (every <c>*.bin</c>, a raw pack or an npz bundle such as
    /// <c>voices-v1.0.bin</c>, and every <c>*.npz</c>) or one such file; empty: the model's directory.
    /// </summary>
    public string VoicesPath { get; set; } = "";

    /// <summary>Bytes of unpinned voice packs kept in memory (one pack is about 510 KiB); pinned packs are kept on top of it.</summary>
    [Range(typeof(long), "0", "1099511627776", ErrorMessage = "{0} must be between {1} and {2} (1 TiB).")]
    public long PackCacheBytes { get; set; } = 64L << 20;

    /// <summary>Threads one model run uses (ONNX Runtime intra-op threads); 0: one per core.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>The config.json to read when the model has no kokoro_config metadata.</summary>
    public string ConfigPathFor(string modelPath) =>
        string.IsNullOrWhiteSpace(ConfigPath) ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(modelPath)) ?? ".", "config.json") : ConfigPath;
}
