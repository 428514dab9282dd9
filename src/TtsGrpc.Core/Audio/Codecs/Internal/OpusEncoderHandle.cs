using Microsoft.Win32.SafeHandles;

namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>An OpusEncoder*, destroyed with opus_encoder_destroy.</summary>
internal sealed class OpusEncoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public OpusEncoderHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        OpusNative.opus_encoder_destroy(handle);
        return true;
    }
}
