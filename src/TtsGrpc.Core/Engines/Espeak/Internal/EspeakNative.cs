using System.Runtime.InteropServices;

namespace TtsGrpc.Core.Engines.Espeak.Internal;

/// <summary>The parts of espeak-ng's speak_lib.h the engine uses. Only the worker thread calls these.</summary>
internal static unsafe partial class EspeakNative
{
    public const string LibraryName = "libespeak-ng.so.1";
    public const int PositionCharacter = 1;
    public const uint CharsUtf8 = 1;
    public const uint EndPause = 0x1000;
    public const int ParameterRate = 1;
    public const int ParameterPitch = 3;
    public const int ParameterRange = 4;
    public const int ErrorOk = 0;
    public const int StatusOk = 0; // ENS_OK
    public const int OutputModeSynchronous = 1; // ENOUTPUT_MODE_SYNCHRONOUS
    public const int ErrorContextFile = 0; // ERROR_CONTEXT_FILE: Name is the file that could not be read
    public const int TextModeUtf8 = 1; // espeakCHARS_UTF8
    public const int PhonemesIpa = 0x02; // espeakPHONEMES_IPA, no tie, no separator

    // espeak_Initialize wraps these and prints a failure to stderr itself; called directly, the failure
    // comes back as a status and a context, for one message that says what is missing.
    [LibraryImport(LibraryName)]
    public static partial void espeak_ng_InitializePath(byte* path);

    [LibraryImport(LibraryName)]
    public static partial int espeak_ng_Initialize(ErrorContext** context);

    [LibraryImport(LibraryName)]
    public static partial int espeak_ng_InitializeOutput(int outputMode, int bufferLength, byte* device);

    [LibraryImport(LibraryName)]
    public static partial int espeak_ng_GetSampleRate();

    [LibraryImport(LibraryName)]
    public static partial void espeak_ng_GetStatusCodeMessage(int status, byte* buffer, nuint length);

    [LibraryImport(LibraryName)]
    public static partial void espeak_ng_ClearErrorContext(ErrorContext** context);

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

    /// <summary>
    /// One clause of the NUL-terminated text at <paramref name="textPointer"/> as phonemes, moving the pointer past
    /// it (null once the text is used up). The result is espeak's own buffer, valid until the next call: copy it,
    /// never free it. Crashes the process when no voice is selected.
    /// </summary>
    [LibraryImport(LibraryName)]
    public static partial byte* espeak_TextToPhonemes(void** textPointer, int textMode, int phonemeMode);

    [LibraryImport(LibraryName)]
    public static partial byte* espeak_Info(nint pathData);

    /// <summary>espeak_EVENT: what the synthesis callback is told beside the samples, in an array ended by type 0.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Event
    {
        public const int ListTerminated = 0; // espeakEVENT_LIST_TERMINATED
        public const int Word = 1; // espeakEVENT_WORD: TextPosition is the word's first character, 1-based, in code points
        public const int End = 5; // espeakEVENT_END: the end of a clause or sentence

        public int Type;
        public uint UniqueIdentifier;
        public int TextPosition;
        public int Length;
        public int AudioPosition;
        public int Sample; // the sample the event happens at, counted from the start of the text
        public nint UserData;
        public long Id;
    }

    /// <summary>espeak_ng_ERROR_CONTEXT_.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ErrorContext
    {
        public int Type;
        public byte* Name;
        public int Version;
        public int ExpectedVersion;
    }

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
