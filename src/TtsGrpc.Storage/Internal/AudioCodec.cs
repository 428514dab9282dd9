namespace TtsGrpc.Storage.Internal;

/// <summary>How a frame's payload is encoded; the numeric value is written to disk.</summary>
internal enum AudioCodec : byte
{
    Raw = 0,
    Lz4 = 1,
    DeltaShuffleLz4 = 2,
}
