namespace TtsGrpc.Native;

/// <summary>Status codes of libttsnative (TTS_OK, TTS_ERR_*).</summary>
public enum NativeStatus
{
    Ok = 0,
    InvalidArgument = 1,
    Unsupported = 2,
    Device = 3,
    OutOfMemory = 4,
    Internal = 5,
}
