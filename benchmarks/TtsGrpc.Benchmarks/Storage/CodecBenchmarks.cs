using BenchmarkDotNet.Attributes;
using TtsGrpc.Storage;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Benchmarks.Storage;

/// <summary>
/// Framing one stored segment (checksum, metadata, payload codec) and validating it back, per codec,
/// on espeak-ng speech. MB/s = raw PCM bytes / mean time; set-up prints each codec's ratio.
/// </summary>
[BenchmarkCategory("codec")]
[MemoryDiagnoser]
[MedianColumn]
public class CodecBenchmarks
{
    private StoredAudio _audio = null!;
    private byte[] _frame = [];
    private AudioCodec _codec;

    [Params("raw", "lz4", "delta+shuffle+lz4")]
    public string Codec { get; set; } = "raw";

    [GlobalSetup]
    public void GlobalSetup()
    {
        var (pcm, source) = EspeakSpeech.Load();
        _audio = new StoredAudio(pcm, 22050, "espeak-ng", "benchmark corpus", DateTimeOffset.UnixEpoch);
        _codec = Codec switch
        {
            "raw" => AudioCodec.Raw,
            "lz4" => AudioCodec.Lz4,
            _ => AudioCodec.DeltaShuffleLz4,
        };
        _frame = AudioFrame.Encode(_audio, _codec);
        double rawBytes = pcm.Length * 2.0;
        Console.WriteLine($"// {Codec}: {source}, {pcm.Length} samples, {rawBytes / 1e6:F2} MB raw, " +
            $"frame {_frame.Length} bytes, ratio {rawBytes / _frame.Length:F3}x");
    }

    [Benchmark]
    public int Encode() => AudioFrame.Encode(_audio, _codec).Length;

    [Benchmark]
    public int Decode() => AudioFrame.TryDecode(_frame, out var audio, out _) ? audio.Pcm.Length : -1;
}
