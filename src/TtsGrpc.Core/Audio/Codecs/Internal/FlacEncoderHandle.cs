using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>
/// A FLAC__StreamEncoder*, deleted with FLAC__stream_encoder_delete, and the GCHandle of the sink its write
/// callback fills. delete finishes an unfinished encoder, which calls back, so the GCHandle is freed after it.
/// </summary>
internal sealed class FlacEncoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private GCHandle _sink;

    public FlacEncoderHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Keeps <paramref name="sink"/> reachable from native code and returns the client data to pass libFLAC.</summary>
    public nint AttachSink(FlacSink sink)
    {
        _sink = GCHandle.Alloc(sink);
        return GCHandle.ToIntPtr(_sink);
    }

    protected override bool ReleaseHandle()
    {
        FlacNative.FLAC__stream_encoder_delete(handle);
        if (_sink.IsAllocated)
        {
            _sink.Free();
        }

        return true;
    }
}
