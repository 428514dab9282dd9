using System.Runtime.InteropServices;

namespace TtsGrpc.Native.Internal;

/// <summary>Owns one tts_context; released exactly once, even when the owner forgets to dispose.</summary>
internal sealed class ContextHandle : SafeHandle
{
    public ContextHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => NativeMethods.tts_context_destroy(handle) == 0;
}
