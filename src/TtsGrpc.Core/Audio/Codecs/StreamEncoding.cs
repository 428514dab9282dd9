namespace TtsGrpc.Core.Audio.Codecs;

/// <summary>The compressed formats a response stream can carry, each made by one <see cref="IStreamEncoder"/>.</summary>
public enum StreamEncoding
{
    /// <summary>Opus in Ogg (RFC 7845), "audio/ogg; codecs=opus".</summary>
    OggOpus,

    /// <summary>A plain MPEG-1/2/2.5 Layer III frame stream, "audio/mpeg".</summary>
    Mp3,

    /// <summary>Native FLAC with total samples and MD5 left unknown, "audio/flac".</summary>
    Flac,
}
