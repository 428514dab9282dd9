namespace TtsGrpc.Core.Audio;

/// <summary>
/// How audio leaves the service. WAV is LINEAR16 behind a RIFF header sent once; OGG_OPUS, MP3 and FLAC are
/// container streams encoded per response (<see cref="Codecs.IStreamEncoder"/>).
/// </summary>
public enum AudioEncoding
{
    Linear16,
    Float32,
    Mulaw,
    Wav,

    /// <summary>G.711 A-law, one byte per sample.</summary>
    Alaw,

    /// <summary>Opus in Ogg (RFC 7845).</summary>
    OggOpus,

    /// <summary>An MPEG Layer III frame stream.</summary>
    Mp3,

    /// <summary>A streamable FLAC stream.</summary>
    Flac,
}
