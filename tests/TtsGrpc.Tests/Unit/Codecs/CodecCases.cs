using TtsGrpc.Core.Audio.Codecs;

namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>Theory data and per-format facts shared by the codec tests.</summary>
internal static class CodecCases
{
    public static readonly StreamEncoding[] Encodings = [StreamEncoding.OggOpus, StreamEncoding.Mp3, StreamEncoding.Flac];

    // Measured 0.998-1.000 for every codec and rate; a stream off by 30 ms (a third of a short syllable) or with a
    // syllable lost falls well below (the tests print a shifted control), so 0.98 separates the two with margin.
    public const double MinEnvelopeCorrelation = 0.98;

    /// <summary>How much quieter than the source the last 100 ms may decode (measured 0.2-0.7 dB for Opus and MP3).</summary>
    public const double MaxTailLossDb = 3;

    public static TheoryData<StreamEncoding, int> EveryRate()
    {
        var data = new TheoryData<StreamEncoding, int>();
        foreach (var encoding in Encodings)
        {
            foreach (var rate in StreamEncoders.SupportedRates(encoding))
            {
                data.Add(encoding, rate);
            }
        }

        return data;
    }

    public static TheoryData<int> Rates(StreamEncoding encoding) => [.. StreamEncoders.SupportedRates(encoding)];

    public static string Extension(StreamEncoding encoding) => encoding switch
    {
        StreamEncoding.OggOpus => "opus",
        StreamEncoding.Mp3 => "mp3",
        _ => "flac",
    };

    public static Support.TempDirectory CreateTemp()
    {
        var temp = new Support.TempDirectory();
        Directory.CreateDirectory(temp.Path);
        return temp;
    }
}
