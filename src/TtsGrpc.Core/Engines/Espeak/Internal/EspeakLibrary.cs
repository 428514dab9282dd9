using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace TtsGrpc.Core.Engines.Espeak.Internal;

/// <summary>
/// The process's single espeak-ng instance. espeak-ng keeps global state, so every call runs on one
/// worker thread, and the synthesis callback collects samples into that thread's buffer.
/// </summary>
internal sealed unsafe class EspeakLibrary
{
    private static readonly Lazy<EspeakLibrary> Instance = new(() => new EspeakLibrary());

    // Owned by the worker thread: espeak calls the callback synchronously from espeak_Synth.
    private static short[] _samples = new short[1 << 16];
    private static int _sampleCount;
    private static CancellationToken _abort;

    private readonly EngineWorker _worker = new("espeak-ng");

    private EspeakLibrary()
    {
        (SampleRate, Version, Voices) = _worker.RunAsync(Initialize, CancellationToken.None).GetAwaiter().GetResult();
    }

    public static EspeakLibrary Shared => Instance.Value;

    public int SampleRate { get; }

    public string Version { get; }

    public IReadOnlyList<EngineVoice> Voices { get; }

    public Task<short[]> SynthesizeAsync(string text, string voiceKey, int rateWpm, int pitch, int range, CancellationToken cancellationToken) =>
        _worker.RunAsync(() => Synthesize(text, voiceKey, rateWpm, pitch, range, cancellationToken), cancellationToken);

    private static (int, string, IReadOnlyList<EngineVoice>) Initialize()
    {
        int rate;
        try
        {
            rate = EspeakNative.espeak_Initialize(EspeakNative.AudioOutputSynchronous, 0, null, EspeakNative.InitializeDontExit);
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                "espeak-ng is not installed: libespeak-ng.so.1 was not found. Install it with " +
                "'sudo apt-get install libespeak-ng1 espeak-ng-data' (or run ./build.sh, which does).", e);
        }

        if (rate <= 0)
        {
            throw new InvalidOperationException(
                "espeak-ng failed to initialize; check that espeak-ng-data is installed or that ESPEAK_DATA_PATH points at it.");
        }

        EspeakNative.espeak_SetSynthCallback(&OnSamples);
        var version = Marshal.PtrToStringUTF8((nint)EspeakNative.espeak_Info(0)) ?? "unknown";
        return (rate, version, ListVoices());
    }

    private static List<EngineVoice> ListVoices()
    {
        var voices = new List<EngineVoice>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var entry = EspeakNative.espeak_ListVoices(0); *entry != null; entry++)
        {
            var info = *entry;
            var identifier = Marshal.PtrToStringUTF8((nint)info->Identifier) ?? "";
            if (identifier.StartsWith("mb/", StringComparison.Ordinal))
            {
                continue; // mbrola voices need the separate mbrola program and data
            }

            var languages = ReadLanguages(info->Languages);
            var language = languages.Count > 0 ? languages[0] : identifier;
            var id = "espeak:" + (seen.Add(language) ? language : identifier);
            var gender = info->Gender switch { 1 => "male", 2 => "female", _ => "" };
            var name = Marshal.PtrToStringUTF8((nint)info->Name) ?? identifier;
            voices.Add(new EngineVoice(id, name, language, languages, gender, identifier));
        }

        return voices;
    }

    private static List<string> ReadLanguages(byte* p)
    {
        var languages = new List<string>();
        while (p != null && *p != 0)
        {
            p++; // priority byte
            var language = Marshal.PtrToStringUTF8((nint)p) ?? "";
            languages.Add(language);
            p += Encoding.UTF8.GetByteCount(language) + 1;
        }

        return languages;
    }

    private static short[] Synthesize(string text, string voiceKey, int rateWpm, int pitch, int range, CancellationToken cancellationToken)
    {
        Check(EspeakNative.espeak_SetVoiceByName(voiceKey), $"select voice '{voiceKey}'");
        Check(EspeakNative.espeak_SetParameter(EspeakNative.ParameterRate, rateWpm, 0), "set the rate");
        Check(EspeakNative.espeak_SetParameter(EspeakNative.ParameterPitch, pitch, 0), "set the pitch");
        Check(EspeakNative.espeak_SetParameter(EspeakNative.ParameterRange, range, 0), "set the pitch range");
        // ENDPAUSE keeps the pause after the last clause, as espeak-ng's own program does, so
        // consecutive segments are separated like sentences.
        var utf8 = Encoding.UTF8.GetBytes(text + "\0");
        _sampleCount = 0;
        _abort = cancellationToken;
        try
        {
            fixed (byte* p = utf8)
            {
                Check(EspeakNative.espeak_Synth(p, (nuint)utf8.Length, 0, EspeakNative.PositionCharacter, 0, EspeakNative.CharsUtf8 | EspeakNative.EndPause, null, 0), "synthesize");
            }

            Check(EspeakNative.espeak_Synchronize(), "finish synthesis");
        }
        finally
        {
            _abort = CancellationToken.None;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return _samples.AsSpan(0, _sampleCount).ToArray();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnSamples(short* wav, int count, nint events)
    {
        if (wav != null && count > 0)
        {
            if (_sampleCount + count > _samples.Length)
            {
                Array.Resize(ref _samples, Math.Max(_samples.Length * 2, _sampleCount + count));
            }

            new ReadOnlySpan<short>(wav, count).CopyTo(_samples.AsSpan(_sampleCount));
            _sampleCount += count;
        }

        return _abort.IsCancellationRequested ? 1 : 0; // 1 asks espeak to stop this text
    }

    private static void Check(int status, string what)
    {
        if (status != EspeakNative.ErrorOk)
        {
            throw new InvalidOperationException($"espeak-ng could not {what} (error {status}).");
        }
    }
}
