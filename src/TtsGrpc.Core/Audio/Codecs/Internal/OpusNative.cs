using System.Runtime.InteropServices;

namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>The parts of libopus' opus.h the Ogg Opus encoder uses (Debian's libopus0 has no -dev package, hence the soname).</summary>
internal static unsafe partial class OpusNative
{
    public const string LibraryName = "libopus.so.0";
    public const string Package = "libopus0";
    public const int Ok = 0;
    public const int ApplicationVoip = 2048; // OPUS_APPLICATION_VOIP
    public const int SetBitrateRequest = 4002; // OPUS_SET_BITRATE_REQUEST
    public const int GetLookaheadRequest = 4027; // OPUS_GET_LOOKAHEAD_REQUEST

    /// <summary>The largest packet worth allowing, as opus_encode's documentation recommends.</summary>
    public const int MaxPacketBytes = 4000;

    [LibraryImport(LibraryName)]
    public static partial OpusEncoderHandle opus_encoder_create(int sampleRate, int channels, int application, out int error);

    [LibraryImport(LibraryName)]
    public static partial void opus_encoder_destroy(nint encoder);

    [LibraryImport(LibraryName)]
    public static partial int opus_encode(OpusEncoderHandle encoder, short* pcm, int frameSize, byte* data, int maxDataBytes);

    // opus_encoder_ctl is variadic; on the SysV x86-64 and AArch64 Linux ABIs an int or pointer vararg
    // travels exactly like a fixed argument, so one fixed signature per argument type is sound there.
    [LibraryImport(LibraryName, EntryPoint = "opus_encoder_ctl")]
    public static partial int opus_encoder_ctl_set(OpusEncoderHandle encoder, int request, int value);

    [LibraryImport(LibraryName, EntryPoint = "opus_encoder_ctl")]
    public static partial int opus_encoder_ctl_get(OpusEncoderHandle encoder, int request, out int value);

    [LibraryImport(LibraryName)]
    public static partial byte* opus_strerror(int error);

    [LibraryImport(LibraryName)]
    public static partial byte* opus_get_version_string();

    /// <summary>Returns <paramref name="result"/> when it is not an error code; otherwise throws with libopus' own text.</summary>
    public static int Check(int result, string call) => result >= Ok
        ? result
        : throw new StreamEncoderException($"libopus {call} failed: {Marshal.PtrToStringUTF8((nint)opus_strerror(result))} ({result}).");

    public static string Version => Marshal.PtrToStringUTF8((nint)opus_get_version_string()) ?? "libopus";
}
