using System.Runtime.InteropServices;

namespace TtsGrpc.Core.Audio.Codecs.Internal;

/// <summary>The parts of libFLAC's stream_encoder.h the FLAC encoder uses (Debian's libflac12 1.4.2 has no -dev package, hence the soname).</summary>
internal static unsafe partial class FlacNative
{
    public const string LibraryName = "libFLAC.so.12";
    public const string Package = "libflac12";
    public const int InitStatusOk = 0; // FLAC__STREAM_ENCODER_INIT_STATUS_OK
    public const int WriteStatusOk = 0; // FLAC__STREAM_ENCODER_WRITE_STATUS_OK
    public const int WriteStatusFatalError = 1; // FLAC__STREAM_ENCODER_WRITE_STATUS_FATAL_ERROR

    [LibraryImport(LibraryName)]
    public static partial FlacEncoderHandle FLAC__stream_encoder_new();

    [LibraryImport(LibraryName)]
    public static partial void FLAC__stream_encoder_delete(nint encoder);

    // Setters return FLAC__bool (an int): 0 only when called after init.
    [LibraryImport(LibraryName)]
    public static partial int FLAC__stream_encoder_set_channels(FlacEncoderHandle encoder, uint channels);

    [LibraryImport(LibraryName)]
    public static partial int FLAC__stream_encoder_set_bits_per_sample(FlacEncoderHandle encoder, uint bits);

    [LibraryImport(LibraryName)]
    public static partial int FLAC__stream_encoder_set_sample_rate(FlacEncoderHandle encoder, uint sampleRate);

    [LibraryImport(LibraryName)]
    public static partial int FLAC__stream_encoder_set_compression_level(FlacEncoderHandle encoder, uint level);

    [LibraryImport(LibraryName)]
    public static partial int FLAC__stream_encoder_set_streamable_subset(FlacEncoderHandle encoder, int subset);

    [LibraryImport(LibraryName)]
    public static partial int FLAC__stream_encoder_init_stream(
        FlacEncoderHandle encoder,
        delegate* unmanaged[Cdecl]<nint, byte*, nuint, uint, uint, nint, int> write,
        nint seek,
        nint tell,
        nint metadata,
        nint clientData);

    [LibraryImport(LibraryName)]
    public static partial int FLAC__stream_encoder_process_interleaved(FlacEncoderHandle encoder, int* buffer, uint samples);

    [LibraryImport(LibraryName)]
    public static partial int FLAC__stream_encoder_finish(FlacEncoderHandle encoder);

    [LibraryImport(LibraryName)]
    public static partial byte* FLAC__stream_encoder_get_resolved_state_string(FlacEncoderHandle encoder);

    /// <summary>The encoder's state as libFLAC words it, for error messages.</summary>
    public static string State(FlacEncoderHandle encoder) =>
        Marshal.PtrToStringUTF8((nint)FLAC__stream_encoder_get_resolved_state_string(encoder)) ?? "unknown state";

    /// <summary>libFLAC's name for an init status, from its exported FLAC__StreamEncoderInitStatusString table.</summary>
    public static string InitStatus(int status)
    {
        var table = (byte**)NativeLibrary.GetExport(NativeLibrary.Load(LibraryName), "FLAC__StreamEncoderInitStatusString");
        return Marshal.PtrToStringUTF8((nint)table[status]) ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
