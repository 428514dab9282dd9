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

    /// <summary>A directory of voice packs (&lt;name&gt;.bin raw or npz bundles) or one such file; empty: voices beside the model.</summary>
    public string VoicesPath { get; set; } = "";

    /// <summary>Bytes of voice packs kept in memory (522,240 per pack); pinned packs are kept on top of it.</summary>
    [Range(typeof(long), "0", "1099511627776", ErrorMessage = "{0} must be between {1} and {2} (1 TiB).")]
    public long MemoryCapacityBytes { get; set; } = 64L << 20;

    /// <summary>Threads one model run uses (ONNX Runtime intra-op threads); 0: one per core.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>The config.json to read when the model has no kokoro_config metadata.</summary>
    public string ConfigPathFor(string modelPath) =>
        string.IsNullOrWhiteSpace(ConfigPath) ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(modelPath)) ?? ".", "config.json") : ConfigPath;
}
