using TtsGrpc.Core.Audio;

namespace TtsGrpc.Server.Http;

/// <summary>
/// A response_format of OpenAI's speech API and how the service makes it: every format at 24 kHz, the rate OpenAI's
/// own voices answer at and the one its "pcm" is defined at, so a client that assumes it plays each one right.
/// </summary>
internal sealed record SpeechFormat(string Name, AudioEncoding Encoding, string ContentType)
{
    public const int SampleRate = 24_000;

    public static readonly SpeechFormat Mp3 = new("mp3", AudioEncoding.Mp3, "audio/mpeg");

    /// <summary>
    /// Ogg Opus (RFC 7845) is an Ogg file, whose registered type is audio/ogg; audio/opus (RFC 7587) names bare Opus
    /// packets in RTP, which browsers and players do not take as a file.
    /// </summary>
    public static readonly SpeechFormat Opus = new("opus", AudioEncoding.OggOpus, "audio/ogg");

    public static readonly SpeechFormat Flac = new("flac", AudioEncoding.Flac, "audio/flac");

    /// <summary>A RIFF header with an open length (as gRPC's WAV), then the samples as they are made.</summary>
    public static readonly SpeechFormat Wav = new("wav", AudioEncoding.Wav, "audio/wav");

    /// <summary>Headerless 24 kHz s16le mono: no registered type says little-endian (audio/L16 is big-endian), so audio/pcm, as OpenAI's docs name it.</summary>
    public static readonly SpeechFormat Pcm = new("pcm", AudioEncoding.Linear16, "audio/pcm");

    private static readonly SpeechFormat[] All = [Mp3, Opus, Flac, Wav, Pcm];

    /// <summary>The formats served, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(f => f.Name));

    public OutputFormat Output => new(Encoding, SampleRate);

    /// <summary>The format a request names; null or empty is mp3, OpenAI's default.</summary>
    public static SpeechFormat Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Mp3;
        }

        var wanted = name.Trim();
        if (wanted.Equals("aac", StringComparison.OrdinalIgnoreCase))
        {
            // No AAC encoder here is usable in-process: Debian's fdk-aac is non-free, and FFmpeg's is reachable only
            // through libavcodec's unstable struct layout. Refused the way OpenAI refuses a format it lacks.
            throw HttpApiException.Invalid($"response_format 'aac' is not supported by this server; use one of {Names}.", "response_format");
        }

        return All.FirstOrDefault(f => f.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase)) ?? throw HttpApiException.Invalid(
            $"response_format '{wanted}' is unknown; use one of {Names} (default mp3).", "response_format");
    }
}
