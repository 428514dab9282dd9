using Microsoft.Win32.SafeHandles;

namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>A lame_global_flags*, freed with lame_close.</summary>
internal sealed class LameHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LameHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LameNative.lame_close(handle) == 0;
}
