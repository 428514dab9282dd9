namespace TtsGrpc.Native;

/// <summary>Sample encodings the output stage produces. Values match TTS_ENCODING_*.</summary>
public enum NativeEncoding
{
    Linear16 = 1,
    Float32 = 2,
    Mulaw = 3,
    Alaw = 8,
}
