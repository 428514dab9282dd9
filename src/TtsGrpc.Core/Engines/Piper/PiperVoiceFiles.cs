namespace TtsGrpc.Core.Engines.Piper;

/// <summary>
/// One installed Piper voice: its two files, what they hold, and their content hashes (part of every cache key,
/// so a replaced file never serves audio made by the old one). <see cref="Problem"/> says why it cannot be used.
/// </summary>
public sealed record PiperVoiceFiles(
    string Stem, string ModelPath, string ConfigPath, PiperVoiceConfig? Config, string ModelSha256, string ConfigSha256, string? Problem)
{
    /// <summary>The model declares the alignment output (frames per id) some voices carry.</summary>
    public bool HasAlignment { get; init; }

    internal FileStamp ModelStamp { get; init; }

    internal FileStamp ConfigStamp { get; init; }
}

/// <summary>What tells a changed file from an unchanged one without reading it.</summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : default;
    }
}
