using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using TtsGrpc.Core.Engines.Internal;

namespace TtsGrpc.Core.Engines.Espeak.Internal;

/// <summary>
/// The process's single espeak-ng instance. espeak-ng keeps global state, so every call runs on one
/// worker thread, and the synthesis callback collects samples into that thread's buffer.
/// </summary>
internal sealed unsafe partial class EspeakLibrary
{
    private static readonly Lazy<EspeakLibrary> Instance = new(() => new EspeakLibrary());

    // Owned by the worker thread: espeak calls the callback synchronously from espeak_Synth.
    private static short[] _samples = new short[1 << 16];
    private static int _sampleCount;
    private static readonly List<(int CodePoint, int Sample)> WordEvents = [];
    private static readonly List<int> ClauseEnds = [];
    private static CancellationToken _abort;

    private readonly EngineWorker _worker = new("espeak-ng");

    private EspeakLibrary()
    {
        (SampleRate, Version, var voices) = _worker.RunAsync(Initialize, CancellationToken.None).GetAwaiter().GetResult();
        Voices = [.. voices.Select(v => v with { Engine = "espeak", SampleRate = SampleRate })];
    }

    public static EspeakLibrary Shared => Instance.Value;

    public int SampleRate { get; }

    public string Version { get; }

    public IReadOnlyList<EngineVoice> Voices { get; }

    /// <summary>The audio of <paramref name="text"/>, with when each of its words is spoken (from espeak-ng's word events).</summary>
    public Task<SpokenClip> SynthesizeAsync(string text, string voiceKey, int rateWpm, int pitch, int range, CancellationToken cancellationToken) =>
        _worker.RunAsync(() => Synthesize(text, voiceKey, rateWpm, pitch, range, cancellationToken), cancellationToken);

    private static (int, string, IReadOnlyList<EngineVoice>) Initialize()
    {
        try
        {
            EspeakNative.espeak_ng_InitializePath(null); // ESPEAK_DATA_PATH when set, else the installed espeak-ng-data
        }
        catch (DllNotFoundException e)
        {
            throw new EngineLoadException(
                "espeak-ng is not installed: libespeak-ng.so.1 was not found; install it with " +
                "'sudo apt-get install libespeak-ng1 espeak-ng-data' (or run ./build.sh, which does).", e);
        }

        EspeakNative.ErrorContext* context = null;
        var status = EspeakNative.espeak_ng_Initialize(&context);
        if (status != EspeakNative.StatusOk)
        {
            var reason = Reason(status, context);
            EspeakNative.espeak_ng_ClearErrorContext(&context);
            throw new EngineLoadException(
                $"espeak-ng could not load its data from '{DataPath()}' ({reason}); install espeak-ng-data " +
                "('sudo apt-get install espeak-ng-data') or set ESPEAK_DATA_PATH to the directory that holds it.");
        }

        status = EspeakNative.espeak_ng_InitializeOutput(EspeakNative.OutputModeSynchronous, 0, null);
        if (status != EspeakNative.StatusOk)
        {
            throw new EngineLoadException($"espeak-ng could not set up its output ({Reason(status, null)}).");
        }

        EspeakNative.espeak_SetSynthCallback(&OnSamples);
        var version = Marshal.PtrToStringUTF8((nint)EspeakNative.espeak_Info(0)) ?? "unknown";
        return (EspeakNative.espeak_ng_GetSampleRate(), version, ListVoices());
    }

    /// <summary>The directory espeak-ng reads its data from (after <c>espeak_ng_InitializePath</c>).</summary>
    private static string DataPath()
    {
        byte* path = null;
        EspeakNative.espeak_Info((nint)(&path));
        return Marshal.PtrToStringUTF8((nint)path) ?? "unknown";
    }

    /// <summary>espeak-ng's words for a status ("No such file or directory"), after the file it concerns when it names one.</summary>
    private static string Reason(int status, EspeakNative.ErrorContext* context)
    {
        const int Length = 512;
        var buffer = stackalloc byte[Length];
        EspeakNative.espeak_ng_GetStatusCodeMessage(status, buffer, Length);
        // Statuses below 0x1000 are errno values; the system's words for them stand in if espeak-ng wrote none.
        var message = Marshal.PtrToStringUTF8((nint)buffer) is { Length: > 0 } text ? text.TrimEnd('.')
            : status is > 0 and < 0x1000 ? Marshal.GetPInvokeErrorMessage(status)
            : $"status 0x{status:x}";
        return context != null && context->Type == EspeakNative.ErrorContextFile && context->Name != null
            ? $"{Marshal.PtrToStringUTF8((nint)context->Name)}: {message}"
            : message;
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

    private static SpokenClip Synthesize(string text, string voiceKey, int rateWpm, int pitch, int range, CancellationToken cancellationToken)
    {
        Check(EspeakNative.espeak_SetVoiceByName(voiceKey), $"select voice '{voiceKey}'");
        Check(EspeakNative.espeak_SetParameter(EspeakNative.ParameterRate, rateWpm, 0), "set the rate");
        Check(EspeakNative.espeak_SetParameter(EspeakNative.ParameterPitch, pitch, 0), "set the pitch");
        Check(EspeakNative.espeak_SetParameter(EspeakNative.ParameterRange, range, 0), "set the pitch range");
        // ENDPAUSE keeps the pause after the last clause, as espeak-ng's own program does, so
        // consecutive segments are separated like sentences.
        var utf8 = Encoding.UTF8.GetBytes(text + "\0");
        _sampleCount = 0;
        WordEvents.Clear();
        ClauseEnds.Clear();
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
        var pcm = _samples.AsSpan(0, _sampleCount).ToArray();
        return new SpokenClip(pcm, WordTimings(text, pcm, EspeakNative.espeak_ng_GetSampleRate()));
    }

    /// <summary>
    /// When the words of <paramref name="text"/> are spoken, from espeak-ng's word events: a word from its first
    /// event (a number read as several words is one word of the text) until its sound ends before the next word or
    /// the end of its clause. A word espeak-ng speaks as one with the word before it ("at a" has one event) is timed
    /// with it, as one span of the text.
    /// </summary>
    private static List<WordTiming> WordTimings(string text, short[] pcm, int sampleRate)
    {
        var words = TextWords.Of(text);
        var starts = new int?[words.Count];
        foreach (var (codePoint, sample) in WordEvents)
        {
            var word = TextWords.At(words, text, TextWords.Utf16Index(text, codePoint));
            if (word >= 0)
            {
                starts[word] = Math.Min(starts[word] ?? int.MaxValue, Math.Clamp(sample, 0, pcm.Length));
            }
        }

        // espeak-ng 1.51 now and then leaves out a text's first word event (and its sentence event) after other
        // calls in the process; that word starts the audio, at sample 0, where espeak-ng otherwise reports it.
        if (words.Count > 0 && starts[0] is null && WordEvents.Count > 0)
        {
            starts[0] = 0;
        }

        var timings = new List<WordTiming>(words.Count);
        var textStart = words.Count > 0 ? words[0].Start : 0;
        for (var w = 0; w < words.Count; w++)
        {
            if (starts[w] is not { } start)
            {
                continue;
            }

            var last = w;
            while (last + 1 < words.Count && starts[last + 1] is null)
            {
                last++; // no event of its own: spoken with this one
            }

            var next = last + 1 < words.Count ? starts[last + 1]!.Value : pcm.Length;
            var clauseEnd = ClauseEnds.FirstOrDefault(end => end > start, pcm.Length);
            var end = TextWords.EndOfSound(pcm, start, Math.Min(Math.Max(next, start), clauseEnd), sampleRate);
            timings.Add(new WordTiming(textStart, words[last].End - textStart, start, end));
            textStart = last + 1 < words.Count ? words[last + 1].Start : 0;
            w = last;
        }

        return timings;
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

        for (var e = (EspeakNative.Event*)events; e != null && e->Type != EspeakNative.Event.ListTerminated; e++)
        {
            if (e->Type == EspeakNative.Event.Word)
            {
                WordEvents.Add((e->TextPosition - 1, e->Sample));
            }
            else if (e->Type == EspeakNative.Event.End)
            {
                ClauseEnds.Add(e->Sample);
            }
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
