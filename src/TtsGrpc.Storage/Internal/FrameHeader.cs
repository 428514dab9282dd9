namespace TtsGrpc.Storage.Internal;

/// <summary>The validated header and metadata of a frame; the payload starts at <see cref="PayloadOffset"/>.</summary>
internal readonly record struct FrameHeader(
    AudioCodec Codec,
    ulong PayloadHash,
    int SampleRate,
    int SampleCount,
    DateTimeOffset Created,
    string Engine,
    string Text,
    StoredWord[]? Words,
    int PayloadOffset);
