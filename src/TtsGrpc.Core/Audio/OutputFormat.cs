using TtsGrpc.Core.Audio.Codecs;

namespace TtsGrpc.Core.Audio;

/// <summary>A validated output format: encoding and sample rate in Hz.</summary>
public readonly record struct OutputFormat(AudioEncoding Encoding, int SampleRate)
{
    /// <summary>The container stream the encoding is, or null for the sample encodings the output stage writes.</summary>
    public StreamEncoding? Stream => Encoding switch
    {
        AudioEncoding.OggOpus => StreamEncoding.OggOpus,
        AudioEncoding.Mp3 => StreamEncoding.Mp3,
        AudioEncoding.Flac => StreamEncoding.Flac,
        _ => null,
    };

    /// <summary>
    /// What the cache keeps a segment in for this format: the format itself, or for a container stream PCM16 at
    /// its rate (the stream's encoder needs PCM, and the resampled PCM is what is worth keeping).
    /// </summary>
    public OutputFormat CacheFormat => Stream is null ? this : new OutputFormat(AudioEncoding.Linear16, SampleRate);

    /// <summary>Rates the output stage serves; the engine's own rate is always allowed too.</summary>
    public static IReadOnlyList<int> SupportedRates { get; } = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

    /// <summary>Bytes per sample of the sample encodings (and of a container stream's PCM, see <see cref="CacheFormat"/>).</summary>
    public int BytesPerSample => Encoding switch
    {
        AudioEncoding.Float32 => 4,
        AudioEncoding.Mulaw or AudioEncoding.Alaw => 1,
        _ => 2,
    };
}
