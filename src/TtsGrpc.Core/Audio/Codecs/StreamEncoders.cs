namespace TtsGrpc.Core.Audio.Codecs;

/// <summary>Makes the <see cref="IStreamEncoder"/> for a response stream and says which rates each format takes.</summary>
public static class StreamEncoders
{
    // Opus codes only these rates (RFC 6716); anything else would need resampling first.
    private static readonly int[] OpusRates = [8000, 12000, 16000, 24000, 48000];

    // The MPEG-1 (32-48 kHz), MPEG-2 (16-24 kHz) and MPEG-2.5 (8-12 kHz) Layer III rates.
    private static readonly int[] Mp3Rates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

    // FLAC takes any rate in the range; these are the ones worth listing (telephony, the engines, CD, video).
    private static readonly int[] FlacRates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];
    private const int FlacMinRate = 8000;
    private const int FlacMaxRate = 48000;

    /// <summary>
    /// A new encoder for one stream. <paramref name="serial"/> is the Ogg stream serial number (ignored by MP3
    /// and FLAC); passing the same one makes identical requests produce identical bytes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The format does not take <paramref name="sampleRate"/>; the message lists the rates it does.</exception>
    public static IStreamEncoder Create(StreamEncoding encoding, int sampleRate, uint serial)
    {
        if (!IsSupported(encoding, sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, UnsupportedRateMessage(encoding, sampleRate));
        }

        return encoding switch
        {
            StreamEncoding.OggOpus => new OggOpusEncoder(sampleRate, serial),
            StreamEncoding.Mp3 => new Mp3Encoder(sampleRate),
            _ => new FlacEncoder(sampleRate),
        };
    }

    /// <summary>The rates <see cref="Create"/> takes for the format; FLAC takes any rate from 8000 to 48000 Hz and lists the common ones.</summary>
    public static IReadOnlyList<int> SupportedRates(StreamEncoding encoding) => encoding switch
    {
        StreamEncoding.OggOpus => OpusRates,
        StreamEncoding.Mp3 => Mp3Rates,
        StreamEncoding.Flac => FlacRates,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown stream encoding."),
    };

    private static bool IsSupported(StreamEncoding encoding, int sampleRate) => encoding == StreamEncoding.Flac
        ? sampleRate is >= FlacMinRate and <= FlacMaxRate
        : SupportedRates(encoding).Contains(sampleRate);

    private static string UnsupportedRateMessage(StreamEncoding encoding, int sampleRate)
    {
        var rates = string.Join(", ", SupportedRates(encoding));
        return encoding == StreamEncoding.Flac
            ? $"FLAC streams take {FlacMinRate} to {FlacMaxRate} Hz, not {sampleRate} Hz (e.g. {rates})."
            : $"{DisplayName(encoding)} streams do not take {sampleRate} Hz; supported rates: {rates}.";
    }

    private static string DisplayName(StreamEncoding encoding) => encoding == StreamEncoding.OggOpus ? "Ogg Opus" : "MP3";
}
