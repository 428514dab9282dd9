using BenchmarkDotNet.Attributes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server;

namespace TtsGrpc.Benchmarks.Piper;

/// <summary>
/// Time to first audio of an uncached 20-sentence text against its first sentence alone, on a Piper voice, through
/// the real server (Kestrel, h2c, loopback, the real cache with BYPASS, default engine settings), the way
/// Grpc/FirstAudioBenchmarks measures espeak-ng. Each call is cancelled after its first message, as a client that
/// has heard enough would; the next call starts at once, so whatever the cancelled call left running competes with
/// it (target: the long text's first audio at most 1.5x the sentence's).
/// </summary>
[BenchmarkCategory("piper")]
[MemoryDiagnoser]
[MedianColumn]
public class PiperFirstAudioBenchmarks : PiperBenchmarkBase
{
    private const int Sentences = 20;

    private SynthesizeRequest _firstSentence = null!;
    private SynthesizeRequest _wholeText = null!;
    private WebApplication? _server;
    private GrpcChannel? _channel;
    private TextToSpeech.TextToSpeechClient _tts = null!;

    protected override async Task PrepareAsync()
    {
        var sentences = Enumerable.Range(1, Sentences)
            .Select(i => $"This is sentence number {i} of a longer text that a listener has not heard before.").ToList();
        _firstSentence = Request(sentences[0]);
        _wholeText = Request(string.Join(' ', sentences));
        _server = ServerApp.Build(
            [
                "--urls", "http://127.0.0.1:0", "--Tts:DataDirectory=" + Path.Combine(WorkDirectory, "data"), "--Tts:Metrics:Enabled=false", "--Tts:Http:Urls=",
                "--Tts:Engines:Piper:VoicesDirectory=" + VoicesDirectory,
            ],
            builder => builder.Logging.ClearProviders());
        await _server.StartAsync();
        _channel = GrpcChannel.ForAddress(_server.Urls.First());
        _tts = new TextToSpeech.TextToSpeechClient(_channel);

        // Loads the model; the whole text once to the end, so every length it has is planned before measuring.
        var (segments, cached, bytes) = await ReadAllAsync(_wholeText);
        if (segments != Sentences || cached != 0)
        {
            throw new InvalidOperationException($"The long text came back as {segments} segments, {cached} of them cached; expected {Sentences}, none.");
        }

        var first = await FirstMessageAsync(_firstSentence);
        Console.WriteLine($"// voice piper:{Stem}; long text {segments} segments, {bytes / 2 / (double)first.SampleRateHz:F1} s of audio; first message {first.Audio.Length} bytes at {first.SampleRateHz} Hz");
    }

    protected override async Task CleanupAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }

    /// <summary>The first sentence of the long text alone, uncached: the reference.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> FirstSentence_FirstAudio() => (await FirstMessageAsync(_firstSentence)).Audio.Length;

    /// <summary>The first audio of the uncached 20-sentence text: should cost about what its first sentence alone does.</summary>
    [Benchmark]
    public async Task<int> Text20_FirstAudio() => (await FirstMessageAsync(_wholeText)).Audio.Length;

    /// <summary>Waits for the first message only; disposing the call cancels it (RST_STREAM) and the server's work ahead.</summary>
    private async Task<SynthesizeResponse> FirstMessageAsync(SynthesizeRequest request)
    {
        using var call = _tts.Synthesize(request);
        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new InvalidOperationException("Synthesize ended without a message.");
        }

        return call.ResponseStream.Current;
    }

    private Task<(int Segments, int Cached, long Bytes)> ReadAllAsync(SynthesizeRequest request) => SynthesisReader.ReadAllAsync(_tts, request);

    private static SynthesizeRequest Request(string text) => new()
    {
        Text = text,
        Voice = "piper:" + Stem,
        Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        CacheMode = CacheMode.Bypass,
    };
}
