using System.Runtime.InteropServices;
using System.Text;

namespace TtsGrpc.Core.Engines.Espeak.Internal;

/// <summary>Text to IPA phonemes, for engines that take phonemes rather than audio from espeak-ng.</summary>
internal sealed unsafe partial class EspeakLibrary
{
    // Worker thread only: a voice config's espeak voice name → the name espeak-ng accepts for it (null: none).
    private readonly Dictionary<string, string?> _phonemeVoices = new(StringComparer.Ordinal);

    /// <summary>
    /// The IPA phonemes of each clause, in <paramref name="voiceName"/>'s pronunciation. espeak-ng may break a
    /// clause further (it does at "Dr." and near 800 bytes); those pieces come back joined by a space. A voice
    /// name espeak-ng does not know is tried as a language ("fr-fr" is the language of voice "roa/fr"), then
    /// up to its first '-' ("fr"); with none of them it is <see cref="TtsErrorKind.FailedPrecondition"/>.
    /// </summary>
    public Task<IReadOnlyList<string>> PhonemizeAsync(IReadOnlyList<string> clauses, string voiceName, CancellationToken cancellationToken) =>
        _worker.RunAsync(() => Phonemize(clauses, voiceName, cancellationToken), cancellationToken);

    private IReadOnlyList<string> Phonemize(IReadOnlyList<string> clauses, string voiceName, CancellationToken cancellationToken)
    {
        // espeak_TextToPhonemes dereferences the selected voice's translator with no check, so it may only run
        // after a selection that succeeded; the synthesis path selects its own voice before every text.
        if (!_phonemeVoices.TryGetValue(voiceName, out var accepted))
        {
            accepted = FindPhonemeVoice(voiceName);
            _phonemeVoices[voiceName] = accepted;
        }
        else if (accepted is not null)
        {
            Check(EspeakNative.espeak_SetVoiceByName(accepted), $"select voice '{accepted}'");
        }

        if (accepted is null)
        {
            throw new TtsException(TtsErrorKind.FailedPrecondition,
                $"The Piper voice config names espeak voice '{voiceName}', which espeak-ng does not have " +
                "(not as a voice, a language or the part before its first '-'); install the espeak-ng data " +
                "for that language or correct espeak.voice in the voice's .onnx.json.");
        }

        var phonemes = new string[clauses.Count];
        for (var i = 0; i < clauses.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            phonemes[i] = TextToPhonemes(clauses[i]);
        }

        return phonemes;
    }

    /// <summary>Selects the voice espeak-ng has for <paramref name="name"/> and returns the name it took, or null.</summary>
    private string? FindPhonemeVoice(string name)
    {
        if (EspeakNative.espeak_SetVoiceByName(name) == EspeakNative.ErrorOk)
        {
            return name;
        }

        // What the espeak-ng program does when a name fails: look for a voice that speaks it as a language.
        var byLanguage = Voices.FirstOrDefault(v => v.Language.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? Voices.FirstOrDefault(v => v.Languages.Contains(name, StringComparer.OrdinalIgnoreCase));
        if (byLanguage is not null && EspeakNative.espeak_SetVoiceByName(byLanguage.EngineKey) == EspeakNative.ErrorOk)
        {
            return byLanguage.EngineKey;
        }

        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && EspeakNative.espeak_SetVoiceByName(name[..dash]) == EspeakNative.ErrorOk ? name[..dash] : null;
    }

    private static string TextToPhonemes(string text)
    {
        // The text is read up to its first NUL; one inside would end it early.
        var utf8 = Encoding.UTF8.GetBytes(text.Replace('\0', ' ') + "\0");
        var pieces = new StringBuilder();
        fixed (byte* start = utf8)
        {
            void* next = start;
            while (next != null)
            {
                var before = next;
                var ipa = EspeakNative.espeak_TextToPhonemes(&next, EspeakNative.TextModeUtf8, EspeakNative.PhonemesIpa);
                if (ipa == null || next == before)
                {
                    break; // the text could not be decoded (espeak leaves the pointer where it was)
                }

                if (Marshal.PtrToStringUTF8((nint)ipa) is { Length: > 0 } piece)
                {
                    pieces.Append(pieces.Length > 0 ? " " : "").Append(piece);
                }
            }
        }

        return pieces.ToString();
    }
}
