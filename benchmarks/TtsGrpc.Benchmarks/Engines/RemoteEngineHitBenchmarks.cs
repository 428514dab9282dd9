using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Core.Engines.OpenAI;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Benchmarks.Engines;

/// <summary>
/// What the remote engine adds to a cache hit: a whole Synthesize of a cached two-sentence text on server B, whose
/// voice is <c>openai:espeak:en-us</c> served by server A's HTTP API, against the same call on A with A's own voice
/// (the baseline). Both servers run in this process on loopback. A hit never reaches the engine, so the two should
/// differ by the audio's size only (B's master is 24 kHz, A's 22.05 kHz); set-up checks that B asks A nothing on a
/// hit, and clean-up that the measured calls did not either.
/// </summary>
[BenchmarkCategory("grpc")]
[MemoryDiagnoser]
[MedianColumn]
public class RemoteEngineHitBenchmarks
{
    private const string Text = "Good morning, your order will arrive on Tuesday. It leaves the warehouse tonight.";

    private readonly List<BenchServer> _servers = [];
    private TextToSpeech.TextToSpeechClient _a = null!;
    private TextToSpeech.TextToSpeechClient _b = null!;
    private OpenAiStatistics _remote = null!;
    private long _requestsAfterSetup;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        // BenchmarkDotNet skips GlobalCleanup when set-up throws; without this a failed start would leave its temp directories.
        try
        {
            await StartAsync();
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        var requests = _remote?.Requests;
        await StopAsync();
        if (requests != _requestsAfterSetup)
        {
            throw new InvalidOperationException($"B sent {requests - _requestsAfterSetup} requests to A while hits were measured; they were not all hits.");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<long> OnUpstream_CachedText() => (await SynthesisReader.ReadAllAsync(_a, Request("espeak:en-us"))).Bytes;

    [Benchmark]
    public async Task<long> ThroughRemoteEngine_CachedText() => (await SynthesisReader.ReadAllAsync(_b, Request("openai:espeak:en-us"))).Bytes;

    private async Task StartAsync()
    {
        var a = await StartServerAsync("--Tts:Http:Urls=http://127.0.0.1:0");
        var b = await StartServerAsync($"--Tts:Engines:OpenAI:BaseUrl={a.HttpAddress}/v1");
        (_a, _b) = (a.Tts, b.Tts);
        _remote = b.App.Services.GetRequiredService<OpenAiEngine>().Statistics;

        // Stores the text on both, then checks that each serves it whole from its cache and that B's hits ask A nothing.
        await SynthesisReader.ReadAllAsync(_a, Request("espeak:en-us"));
        await SynthesisReader.ReadAllAsync(_b, Request("openai:espeak:en-us"));
        var stored = _remote.Requests;
        var onA = await SynthesisReader.ReadAllAsync(_a, Request("espeak:en-us"));
        var onB = await SynthesisReader.ReadAllAsync(_b, Request("openai:espeak:en-us"));
        if (onA.Cached != onA.Segments || onB.Cached != onB.Segments || onB.Segments < 2 || _remote.Requests != stored || stored == 0)
        {
            throw new InvalidOperationException(
                $"Warm-up did not leave the text cached: A {onA.Cached} of {onA.Segments} segments, B {onB.Cached} of {onB.Segments}; " +
                $"B sent {stored} requests to A to store it and {_remote.Requests - stored} on the hit.");
        }

        _requestsAfterSetup = _remote.Requests;
        Console.WriteLine($"// A: {onA.Bytes} bytes, B: {onB.Bytes} bytes for {onB.Segments} cached segments; B asked A {stored} times to store them, 0 on hits");
    }

    private async Task<BenchServer> StartServerAsync(params string[] settings)
    {
        var server = await BenchServer.StartAsync(settings);
        _servers.Add(server);
        return server;
    }

    private async Task StopAsync()
    {
        // B first: it is A's client.
        foreach (var server in Enumerable.Reverse(_servers))
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
    }

    private static SynthesizeRequest Request(string voice) => new()
    {
        Text = Text,
        Voice = voice,
        Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
    };
}
