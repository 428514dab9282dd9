using Microsoft.Extensions.Options;
using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Audio.Codecs;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Segmentation;
using TtsGrpc.Core.Voices;

namespace TtsGrpc.Core.Synthesis;

/// <summary>Checks raw request values and turns them into a <see cref="SynthesisRequest"/>; zero means "default".</summary>
public sealed class RequestValidator(
    VoiceCatalog voices, VoiceRegistry created, IOptions<SynthesisOptions> options, IOptions<VoiceOptions> voiceOptions)
{
    public const float DefaultExaggeration = 0.5f;

    public SynthesisRequest Validate(
        string text, string voice, string language, AudioEncoding encoding, int sampleRate,
        float speed, float pitchSemitones, float exaggeration, CacheMode cacheMode = CacheMode.Use, bool textFollows = false,
        bool wordTimestamps = false)
    {
        if (!textFollows)
        {
            ValidateText(text); // a streamed request checks its text as it arrives
        }

        var prosody = new Prosody(ValidateSpeed(speed), ValidatePitch(pitchSemitones));
        var reference = VoiceId.Looks(voice.Trim())
            ? created.Find(voice.Trim()) ?? throw new TtsException(
                TtsErrorKind.NotFound, $"Voice '{voice}' does not exist (deleted, never created, or removed because its stored record was damaged). Call ListVoices for the available voices.")
            : null;
        var speaker = reference is null ? voices.Resolve(voice, language) : BaseVoice(reference, language);
        if (reference is null && exaggeration != 0)
        {
            throw TtsException.Invalid(
                $"exaggeration is the strength of a created voice's conditioning; '{speaker.Id}' is an engine voice, so leave it 0 " +
                "or use a created voice (CreateVoice).");
        }

        var format = new OutputFormat(encoding, ValidateRate(sampleRate, speaker, encoding));
        var strength = ValidateExaggeration(exaggeration);
        return new SynthesisRequest(text, speaker, prosody, format, strength, language, cacheMode, reference, wordTimestamps);
    }

    /// <summary>
    /// The engine voice a created voice speaks with: the one it was created on, else the espeak voice for the
    /// request's language, its own language when espeak knows it, or the default.
    /// </summary>
    private EngineVoice BaseVoice(CreatedVoice reference, string language)
    {
        if (reference.BaseVoice.Length > 0)
        {
            return voices.Resolve(reference.BaseVoice, "");
        }

        var spoken = string.IsNullOrWhiteSpace(language)
            ? voices.Find(reference.Language) is not null ? reference.Language : voiceOptions.Value.DefaultBaseVoice
            : language;
        return voices.Resolve("", spoken);
    }

    public void ValidateText(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw TtsException.Invalid("The text is empty or only whitespace; put the words to speak in 'text'.");
        }

        if (!TextSegmenter.HasWords(text))
        {
            throw TtsException.Invalid(
                "The text has nothing to speak: only control characters or bytes that were not valid UTF-8; put the words to speak in 'text'.");
        }

        var limit = options.Value.MaxTextLength;
        if (text.Length > limit)
        {
            throw TtsException.Invalid(
                $"The text has {text.Length} characters; the limit is {limit}. Split it into several requests.");
        }
    }

    private static float ValidateSpeed(float speed)
    {
        if (speed == 0)
        {
            return 1f;
        }

        if (!float.IsFinite(speed) || speed < Prosody.MinSpeed || speed > Prosody.MaxSpeed)
        {
            throw TtsException.Invalid(
                $"speed {speed} is out of range; use {Prosody.MinSpeed} to {Prosody.MaxSpeed} (1 = normal, 0 = default).");
        }

        return speed;
    }

    private static float ValidatePitch(float semitones)
    {
        if (!float.IsFinite(semitones) || Math.Abs(semitones) > Prosody.MaxPitchSemitones)
        {
            throw TtsException.Invalid(
                $"pitch_semitones {semitones} is out of range; use -{Prosody.MaxPitchSemitones} to {Prosody.MaxPitchSemitones}.");
        }

        return semitones;
    }

    private static float ValidateExaggeration(float exaggeration)
    {
        if (exaggeration == 0)
        {
            return DefaultExaggeration;
        }

        if (!float.IsFinite(exaggeration) || exaggeration < 0 || exaggeration > 1)
        {
            throw TtsException.Invalid($"exaggeration {exaggeration} is out of range; use 0 to 1 (0 = default {DefaultExaggeration}).");
        }

        return exaggeration;
    }

    private static int ValidateRate(int sampleRate, EngineVoice voice, AudioEncoding encoding)
    {
        if (new OutputFormat(encoding, sampleRate).Stream is { } stream)
        {
            return ValidateStreamRate(sampleRate, voice, stream);
        }

        if (sampleRate == 0 || sampleRate == voice.SampleRate)
        {
            return voice.SampleRate;
        }

        if (!OutputFormat.SupportedRates.Contains(sampleRate))
        {
            throw TtsException.Invalid(
                $"Sample rate {sampleRate} Hz is not supported; use one of {string.Join(", ", OutputFormat.SupportedRates)} " +
                $"or 0 for the voice's own rate ({voice.SampleRate} Hz).");
        }

        return sampleRate;
    }

    /// <summary>
    /// A container stream takes the rates its codec codes (Opus: 8, 12, 16, 24, 48 kHz). Rate 0 is the voice's own
    /// rate when the codec takes it, else the lowest rate above it (espeak's 22.05 kHz goes out as 24 kHz Opus).
    /// </summary>
    private static int ValidateStreamRate(int sampleRate, EngineVoice voice, StreamEncoding stream)
    {
        var rates = StreamEncoders.SupportedRates(stream);
        if (sampleRate == 0)
        {
            return rates.Contains(voice.SampleRate) ? voice.SampleRate : rates.FirstOrDefault(rate => rate > voice.SampleRate, rates[^1]);
        }

        if (!rates.Contains(sampleRate))
        {
            throw TtsException.Invalid(
                $"Sample rate {sampleRate} Hz is not supported for {StreamName(stream)}; use one of {string.Join(", ", rates)} " +
                "or 0 for the voice's own rate (or the nearest one above it).");
        }

        return sampleRate;
    }

    private static string StreamName(StreamEncoding stream) => stream switch
    {
        StreamEncoding.OggOpus => "OGG_OPUS",
        StreamEncoding.Mp3 => "MP3",
        _ => "FLAC",
    };
}
