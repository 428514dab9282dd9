using System.Runtime.InteropServices;

namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>The parts of LAME's lame.h the MP3 encoder uses (Debian's libmp3lame0 3.100 has no -dev package, hence the soname).</summary>
internal static unsafe partial class LameNative
{
    public const string LibraryName = "libmp3lame.so.0";
    public const string Package = "libmp3lame0";
    public const int ModeMono = 3; // MPEG_mode MONO
    public const int VbrOff = 0; // vbr_mode vbr_off, i.e. CBR

    /// <summary>lame_encode_flush asks for at least this much room; lame_encode_buffer for 1.25 * samples + this.</summary>
    public const int BufferSlack = 7200;

    [LibraryImport(LibraryName)]
    public static partial LameHandle lame_init();

    [LibraryImport(LibraryName)]
    public static partial int lame_close(nint flags);

    [LibraryImport(LibraryName)]
    public static partial int lame_set_num_channels(LameHandle flags, int channels);

    [LibraryImport(LibraryName)]
    public static partial int lame_set_in_samplerate(LameHandle flags, int sampleRate);

    [LibraryImport(LibraryName)]
    public static partial int lame_set_out_samplerate(LameHandle flags, int sampleRate);

    [LibraryImport(LibraryName)]
    public static partial int lame_set_mode(LameHandle flags, int mode);

    [LibraryImport(LibraryName)]
    public static partial int lame_set_VBR(LameHandle flags, int vbrMode);

    [LibraryImport(LibraryName)]
    public static partial int lame_set_brate(LameHandle flags, int kbps);

    [LibraryImport(LibraryName)]
    public static partial int lame_set_quality(LameHandle flags, int quality);

    [LibraryImport(LibraryName)]
    public static partial int lame_set_bWriteVbrTag(LameHandle flags, int write);

    [LibraryImport(LibraryName)]
    public static partial int lame_set_write_id3tag_automatic(LameHandle flags, int write);

    [LibraryImport(LibraryName)]
    public static partial int lame_init_params(LameHandle flags);

    [LibraryImport(LibraryName)]
    public static partial int lame_encode_buffer(
        LameHandle flags, short* left, short* right, int samples, byte* mp3, int mp3Size);

    /// <summary>Frames encoded so far (after lame_encode_flush: all of the stream's).</summary>
    [LibraryImport(LibraryName)]
    public static partial int lame_get_frameNum(LameHandle gfp);

    [LibraryImport(LibraryName)]
    public static partial int lame_encode_flush(LameHandle flags, byte* mp3, int mp3Size);

    /// <summary>Returns <paramref name="result"/> when it is not negative; otherwise throws with what lame.h says the code means.</summary>
    public static int Check(int result, string call) => result >= 0
        ? result
        : throw new StreamEncoderException($"LAME {call} failed: {Describe(result)} ({result}).");

    // LAME has no strerror; these are the lame_encode_buffer codes from lame.h, which the setters share for -1.
    private static string Describe(int code) => code switch
    {
        -1 => "bad argument or output buffer too small",
        -2 => "out of memory",
        -3 => "lame_init_params was not called",
        -4 => "psychoacoustic model problem",
        _ => "error",
    };
}
