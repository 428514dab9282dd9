using BenchmarkDotNet.Attributes;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Core.Audio.Codecs;

namespace TtsGrpc.Benchmarks.Codecs;

/// <summary>
/// One response stream per operation: 10 s of speech-like PCM16 fed to a fresh <see cref="IStreamEncoder"/> in
/// 200 ms chunks (how the pipeline hands audio on), then Finish. RTF = median time / 10 s of audio; set-up
/// prints each case's stream size and bitrate.
/// </summary>
[BenchmarkCategory("codec")]
[RealTimeFactorColumn]
[MemoryDiagnoser]
[MedianColumn]
public class StreamEncoderBenchmarks
{
    public const double AudioSeconds = 10;
    private const double ChunkSeconds = 0.2;
    private short[] _pcm = [];
    private int _chunk;

    [ParamsSource(nameof(Cases))]
    public EncoderCase Case { get; set; } = new(StreamEncoding.OggOpus, 24000);

    public static IEnumerable<EncoderCase> Cases() =>
    [
        new(StreamEncoding.OggOpus, 24000),
        new(StreamEncoding.OggOpus, 48000),
        new(StreamEncoding.Mp3, 24000),
        new(StreamEncoding.Flac, 24000),
    ];

    [GlobalSetup]
    public void GlobalSetup()
    {
        _pcm = SpeechLikeSignal.Clip(Case.Rate, (int)(Case.Rate * AudioSeconds), seed: 1);
        _chunk = (int)(Case.Rate * ChunkSeconds);
        var bytes = EncodeStream();
        Console.WriteLine($"// {Case}: {bytes} bytes for {AudioSeconds} s, {bytes * 8 / AudioSeconds / 1000:F1} kbit/s " +
            $"({100.0 * bytes / (_pcm.Length * sizeof(short)):F1}% of PCM16)");
    }

    [Benchmark]
    public long EncodeStream()
    {
        using var encoder = StreamEncoders.Create(Case.Encoding, Case.Rate, serial: 1);
        long bytes = 0;
        for (var offset = 0; offset < _pcm.Length; offset += _chunk)
        {
            bytes += encoder.Encode(_pcm.AsSpan(offset, Math.Min(_chunk, _pcm.Length - offset))).Length;
        }

        return bytes + encoder.Finish().Length;
    }

    /// <summary>A format and rate, named as the results table shows them.</summary>
    public sealed record EncoderCase(StreamEncoding Encoding, int Rate)
    {
        public override string ToString() => $"{Encoding} {Rate / 1000.0:0.#} kHz";
    }
}
