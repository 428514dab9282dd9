using System.Buffers;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// A segment's audio in the client's format. <see cref="Bytes"/> are the master itself or a cached
/// encoding (never written to once made) or, for audio that is not kept, a pooled buffer that
/// <see cref="Release"/> gives back: segments are large enough to land on the large object heap, and a
/// fresh array per call would cost full collections.
/// </summary>
public sealed class SegmentAudio(ReadOnlyMemory<byte> bytes, bool cached, byte[]? pooled = null)
{
    private byte[]? _pooled = pooled;

    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    /// <summary>The master came from a cache tier rather than the engine.</summary>
    public bool Cached { get; } = cached;

    /// <summary>When each word of the segment's text is spoken (samples at the engine's rate); null when the master has no timings.</summary>
    public IReadOnlyList<Engines.WordTiming>? Words { get; init; }

    /// <summary>Valid to call more than once; <see cref="Bytes"/> must not be read after it.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _pooled, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
