using Bench.V1;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Benchmarks.Grpc;

/// <summary>
/// Time to first audio of Synthesize on the real server (Kestrel, h2c, loopback) when the sentence is
/// cached and when it is synthesized, against a bare unary call that returns the same bytes: the hit
/// can get no closer to the baseline than the transport allows. One channel per server for all
/// iterations, as a client would hold it. Both servers run in this process, so Allocated counts the
/// server side of each call as well as the client's, and Exceptions shows what cancelling a stream
/// after its first message throws on the server.
/// Three groups, each with its own baseline: "hit" against the bare unary call; "miss" against espeak-ng
/// synthesizing the same sentence behind a bare gRPC stream (the miss path's target is 1.25x of it), with
/// the engine alone, no server, beside it as the floor; "long-text" against the first sentence of the
/// long text alone.
/// </summary>
[BenchmarkCategory("grpc")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MemoryDiagnoser]
[ExceptionDiagnoser]
[MedianColumn]
public class FirstAudioBenchmarks
{
    private const string Sentence = "Good morning, your order will arrive on Tuesday before noon.";
    private const int WholeTextSentences = 20;

    private static readonly FetchRequest Fetch = new();

    private readonly SynthesizeRequest _hit = Request(Sentence, CacheMode.Use);
    private readonly SynthesizeRequest _miss = Request(Sentence, CacheMode.Bypass);
    private readonly SynthesizeRequest _wholeText = Request(WholeText(), CacheMode.Use);
    private readonly SynthesizeRequest _wholeTextMiss = Request(WholeText(), CacheMode.Bypass);
    private readonly SynthesizeRequest _firstSentenceMiss = Request(WholeText().Split(". ")[0] + ".", CacheMode.Bypass);
    private BenchServer? _server;
    private WebApplication? _bare;
    private GrpcChannel? _bareChannel;
    private TextToSpeech.TextToSpeechClient _tts = null!;
    private Bare.BareClient _bareClient = null!;
    private RawSynthesis _engine = null!;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        // BenchmarkDotNet skips GlobalCleanup when set-up throws; without this a failed start would leave its temp directory.
        try
        {
            await StartAsync();
        }
        catch
        {
            await GlobalCleanup();
            throw;
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        _bareChannel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_bare is not null)
        {
            await _bare.StopAsync();
            await _bare.DisposeAsync();
        }
    }

    private async Task StartAsync()
    {
        _server = await BenchServer.StartAsync();
        _tts = _server.Tts;

        // Stores the sentence and the long text, then checks that they come back from the cache.
        await ReadAllAsync(_hit);
        await ReadAllAsync(_wholeText);
        var (segments, cached, _) = await ReadAllAsync(_wholeText);
        var first = await FirstMessageAsync(_hit);
        var missFirst = await FirstMessageAsync(_miss);
        if (!first.Cached || missFirst.Cached || cached != segments)
        {
            throw new InvalidOperationException(
                $"Warm-up did not leave the texts cached (hit cached {first.Cached}, bypass cached {missFirst.Cached}, " +
                $"{cached} of {segments} segments of the long text).");
        }

        _engine = new RawSynthesis(Sentence);
        var raw = await _engine.SynthesizeAsync(CancellationToken.None);
        _bare = await BareHost.StartAsync(first.Audio.ToByteArray(), await AllMessagesAsync(_hit), _engine);
        _bareChannel = GrpcChannel.ForAddress(_bare.Urls.First());
        _bareClient = new Bare.BareClient(_bareChannel);
        Console.WriteLine($"// first message {first.Audio.Length} bytes at {first.SampleRateHz} Hz; long text {segments} segments, all cached; " +
            $"raw espeak-ng: {raw.Length} samples at {_engine.SampleRate} Hz");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("hit")]
    public async Task<int> BareUnary() => (await _bareClient.FetchAsync(Fetch)).Audio.Length;

    /// <summary>The hit's messages, ready-made, streamed by a server that does nothing else; cancelled after the first like the hit.</summary>
    [Benchmark]
    [BenchmarkCategory("hit")]
    public async Task<int> BareStream_FirstMessage()
    {
        using var call = _bareClient.Stream(Fetch);
        return await call.ResponseStream.MoveNext(CancellationToken.None) ? call.ResponseStream.Current.Audio.Length : 0;
    }

    [Benchmark]
    [BenchmarkCategory("hit")]
    public async Task<int> SynthesizeHit_FirstAudio() => (await FirstMessageAsync(_hit)).Audio.Length;

    /// <summary>The engine limit: espeak-ng renders the sentence, called directly in this process, no gRPC, no server.</summary>
    [Benchmark]
    [BenchmarkCategory("miss")]
    public async Task<int> RawEspeak_Synthesize() => (await _engine.SynthesizeAsync(CancellationToken.None)).Length;

    /// <summary>
    /// What a miss is judged against: a bare gRPC server that renders the sentence with espeak-ng and streams it,
    /// nothing else; cancelled after the first message like the miss.
    /// </summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("miss")]
    public async Task<int> RawEspeakBareStream_FirstMessage()
    {
        using var call = _bareClient.Synthesize(Fetch);
        return await call.ResponseStream.MoveNext(CancellationToken.None) ? call.ResponseStream.Current.Audio.Length : 0;
    }

    /// <summary>BYPASS synthesizes the sentence every time and never stores it, so every call misses.</summary>
    [Benchmark]
    [BenchmarkCategory("miss")]
    public async Task<int> SynthesizeMiss_FirstAudio() => (await FirstMessageAsync(_miss)).Audio.Length;

    /// <summary>The first sentence of the 20-sentence text alone, uncached: the reference for the next one.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("long-text")]
    public async Task<int> SynthesizeMissFirstSentence_FirstAudio() => (await FirstMessageAsync(_firstSentenceMiss)).Audio.Length;

    /// <summary>The first audio of an uncached 20-sentence text (BYPASS): should cost about what its first sentence alone does.</summary>
    [Benchmark]
    [BenchmarkCategory("long-text")]
    public async Task<int> SynthesizeMiss20_FirstAudio() => (await FirstMessageAsync(_wholeTextMiss)).Audio.Length;

    /// <summary>Unlike the others, reads the whole stream: every segment of a cached 20-sentence text.</summary>
    [Benchmark]
    [BenchmarkCategory("hit")]
    public async Task<long> SynthesizeHit_WholeText() => (await ReadAllAsync(_wholeText)).Bytes;

    /// <summary>
    /// Waits for the first message only. Disposing the call before the stream ends cancels it
    /// (RST_STREAM), which stops the server's remaining sends and its work ahead.
    /// </summary>
    private async Task<SynthesizeResponse> FirstMessageAsync(SynthesizeRequest request)
    {
        using var call = _tts.Synthesize(request);
        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new InvalidOperationException("Synthesize ended without a message.");
        }

        return call.ResponseStream.Current;
    }

    private async Task<List<byte[]>> AllMessagesAsync(SynthesizeRequest request)
    {
        using var call = _tts.Synthesize(request);
        var messages = new List<byte[]>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(message.Audio.ToByteArray());
        }

        return messages;
    }

    private Task<(int Segments, int Cached, long Bytes)> ReadAllAsync(SynthesizeRequest request) => SynthesisReader.ReadAllAsync(_tts, request);

    private static SynthesizeRequest Request(string text, CacheMode mode) => new()
    {
        Text = text,
        Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        CacheMode = mode,
    };

    private static string WholeText() => string.Join(' ', Enumerable.Range(1, WholeTextSentences)
        .Select(i => $"This is sentence number {i} of a longer text that a listener has already heard once."));
}
