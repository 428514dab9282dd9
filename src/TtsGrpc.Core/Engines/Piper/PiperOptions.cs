using System.ComponentModel.DataAnnotations;

namespace TtsGrpc.Core.Engines.Piper;

/// <summary>Piper voices ("Tts:Engines:Piper" in configuration).</summary>
public sealed class PiperOptions
{
    public const string Section = "Tts:Engines:Piper";

    /// <summary>The public voice index: voices.json and every voice's files below it.</summary>
    public const string PublicIndex = "https://huggingface.co/rhasspy/piper-voices/resolve/main/";

    /// <summary>Where voices live (<c>&lt;stem&gt;.onnx</c> + <c>&lt;stem&gt;.onnx.json</c>); empty: &lt;DataDirectory&gt;/voices/piper.</summary>
    public string VoicesDirectory { get; set; } = "";

    /// <summary>The voice index InstallVoice downloads from: voices.json and the files it names, relative to this URL.</summary>
    [Required]
    [Url]
    public string DownloadUrl { get; set; } = PublicIndex;

    /// <summary>ONNX Runtime sessions kept loaded; the least recently used one is unloaded past this.</summary>
    [Range(1, 1000)]
    public int MaxLoadedVoices { get; set; } = 4;

    /// <summary>Threads one inference uses (ONNX Runtime intra-op threads); 0: one per core.</summary>
    // On 2 cores, 2 threads ran four segments 1.5-1.8x faster than 1 (docs/benchmarks.md, "Piper voices").
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Model runs at once across all voices. Runs start in arrival order, so a request's first segment is never
    /// overtaken by the segments prepared after it; more than one pays only with cores to spare.
    /// </summary>
    // On 2 cores, two 1-thread runs at once took 0.91-1.17x the time of 2-thread runs in turn, the first segment 1.7-2.2x later.
    [Range(1, 256)]
    public int ParallelRuns { get; set; } = 1;

    /// <summary>Seconds a download may go without receiving a byte before it is abandoned.</summary>
    [Range(1, 3600)]
    public int DownloadStallSeconds { get; set; } = 30;

    /// <summary>The directory voices are read from, given the server's data directory.</summary>
    public string VoicesDirectoryUnder(string dataDirectory) =>
        string.IsNullOrWhiteSpace(VoicesDirectory) ? Path.Combine(dataDirectory, "voices", "piper") : VoicesDirectory;
}
