namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>
/// Where libFLAC's write callback puts the bytes, reached through a GCHandle held by the
/// <see cref="FlacEncoderHandle"/> (so it lives as long as the native encoder that calls back into it).
/// </summary>
internal sealed class FlacSink
{
    public MemoryStream Output { get; } = new();

    /// <summary>What the callback caught; it returns a fatal status to libFLAC, and the caller rethrows this.</summary>
    public Exception? Error { get; set; }
}
