using System.Runtime.InteropServices;

namespace TtsGrpc.Core.Engines.Internal;

/// <summary>
/// libsonic (espeak-ng's own dependency): pitch-preserving time stretch for rates espeak cannot reach, and
/// duration-preserving pitch shift for engines that have no pitch control of their own.
/// </summary>
internal static unsafe partial class SonicNative
{
    public const string LibraryName = "libsonic.so.0";

    [LibraryImport(LibraryName)]
    public static partial nint sonicCreateStream(int sampleRate, int numChannels);

    [LibraryImport(LibraryName)]
    public static partial void sonicDestroyStream(nint stream);

    [LibraryImport(LibraryName)]
    public static partial void sonicSetSpeed(nint stream, float speed);

    [LibraryImport(LibraryName)]
    public static partial void sonicSetPitch(nint stream, float pitch);

    [LibraryImport(LibraryName)]
    public static partial int sonicWriteShortToStream(nint stream, short* samples, int numSamples);

    [LibraryImport(LibraryName)]
    public static partial int sonicFlushStream(nint stream);

    [LibraryImport(LibraryName)]
    public static partial int sonicSamplesAvailable(nint stream);

    [LibraryImport(LibraryName)]
    public static partial int sonicReadShortFromStream(nint stream, short* samples, int maxSamples);

    /// <summary>Stretches <paramref name="pcm"/> in time by 1/<paramref name="speed"/>, keeping its pitch.</summary>
    public static short[] ChangeSpeed(short[] pcm, int sampleRate, float speed) => Process(pcm, sampleRate, speed, 1f);

    /// <summary>Moves <paramref name="pcm"/>'s pitch by <paramref name="semitones"/>, keeping its duration.</summary>
    public static short[] ShiftPitch(short[] pcm, int sampleRate, float semitones) =>
        Process(pcm, sampleRate, 1f, MathF.Pow(2, semitones / 12f));

    private static short[] Process(short[] pcm, int sampleRate, float speed, float pitch)
    {
        var stream = sonicCreateStream(sampleRate, 1);
        if (stream == 0)
        {
            throw new InvalidOperationException("libsonic could not create a stream.");
        }

        try
        {
            sonicSetSpeed(stream, speed);
            sonicSetPitch(stream, pitch);
            fixed (short* input = pcm)
            {
                sonicWriteShortToStream(stream, input, pcm.Length);
            }

            sonicFlushStream(stream);
            var output = new short[sonicSamplesAvailable(stream)];
            fixed (short* o = output)
            {
                var read = sonicReadShortFromStream(stream, o, output.Length);
                return read == output.Length ? output : output[..read];
            }
        }
        finally
        {
            sonicDestroyStream(stream);
        }
    }
}
