using System.Runtime.InteropServices;

namespace TtsGrpc.Core.Engines.Espeak.Internal;

/// <summary>The parts of espeak-ng's speak_lib.h the engine uses. Only the worker thread calls these.</summary>
internal static unsafe partial class EspeakNative
{
    public const string LibraryName = "libespeak-ng.so.1";
    public const int AudioOutputSynchronous = 2;
    public const int InitializeDontExit = 0x8000;
    public const int PositionCharacter = 1;
    public const uint CharsUtf8 = 1;
    public const uint EndPause = 0x1000;
    public const int ParameterRate = 1;
    public const int ParameterPitch = 3;
    public const int ParameterRange = 4;
    public const int ErrorOk = 0;

    [LibraryImport(LibraryName)]
    public static partial int espeak_Initialize(int output, int bufLength, byte* path, int options);

    [LibraryImport(LibraryName)]
    public static partial void espeak_SetSynthCallback(delegate* unmanaged[Cdecl]<short*, int, nint, int> callback);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int espeak_SetVoiceByName(string name);

    [LibraryImport(LibraryName)]
    public static partial int espeak_SetParameter(int parameter, int value, int relative);

    [LibraryImport(LibraryName)]
    public static partial int espeak_Synth(
        byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, nint userData);

    [LibraryImport(LibraryName)]
    public static partial int espeak_Synchronize();

    [LibraryImport(LibraryName)]
    public static partial EspeakVoiceInfo** espeak_ListVoices(nint voiceSpec);

    [LibraryImport(LibraryName)]
    public static partial byte* espeak_Info(nint pathData);

    /// <summary>espeak_VOICE.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct EspeakVoiceInfo
    {
        public byte* Name;
        public byte* Languages; // (priority byte, zero-terminated language)*, then a zero byte
        public byte* Identifier;
        public byte Gender; // 0 none, 1 male, 2 female
        public byte Age;
        public byte Variant;
        public byte Reserved;
        public int Score;
        public nint Spare;
    }
}
