namespace TtsGrpc.Storage.Internal;

/// <summary>Why a stored frame was rejected.</summary>
internal enum FrameError
{
    None = 0,
    Truncated,
    BadMagic,
    UnsupportedVersion,
    UnknownCodec,
    BadMetadata,
    HeaderChecksumMismatch,
    BadPayload,
    ChecksumMismatch,
}
