namespace TtsGrpc.Core.Audio;

/// <summary>A validated output format: encoding and sample rate in Hz.</summary>
public readonly record struct OutputFormat(AudioEncoding Encoding, int SampleRate)
{
    /// <summary>Rates the output stage serves; the engine's own rate is always allowed too.</summary>
    public static IReadOnlyList<int> SupportedRates { get; } = [8000, 16000, 22050, 24000, 44100, 48000];

    public int BytesPerSample => Encoding switch
    {
        AudioEncoding.Float32 => 4,
        AudioEncoding.Mulaw or AudioEncoding.Alaw => 1,
        _ => 2,
    };
}
