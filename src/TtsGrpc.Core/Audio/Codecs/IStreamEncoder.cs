namespace TtsGrpc.Core.Audio.Codecs;

/// <summary>
/// Encodes one response stream of mono PCM16, chunk by chunk, keeping state across calls: samples that do
/// not fill a codec frame wait for the next call. The bytes of every call, appended to the previous ones,
/// form a prefix that standard decoders play. Not thread-safe; one instance per stream.
/// </summary>
public interface IStreamEncoder : IDisposable
{
    /// <summary>The rate of the PCM fed in and of the stream out, in Hz.</summary>
    int SampleRate { get; }

    /// <summary>The MIME type of the stream, e.g. "audio/ogg; codecs=opus".</summary>
    string ContentType { get; }

    /// <summary>
    /// Encodes <paramref name="pcm"/> and returns every byte that can be sent so far; may be empty (an MP3
    /// encoder holds a few frames back). The first call's bytes start with the container headers, even when
    /// <paramref name="pcm"/> is empty.
    /// </summary>
    byte[] Encode(ReadOnlySpan<short> pcm);

    /// <summary>
    /// Pads and flushes the tail and ends the stream. Afterwards the stream decodes to the samples fed
    /// (exactly for Ogg Opus, which end-trims the padding; MP3 adds the encoder delay and up to a frame).
    /// Encode and Finish may not be called again.
    /// </summary>
    byte[] Finish();
}
