using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TtsGrpc.Native;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>The Prometheus endpoint of a server of its own: what a scrape shows after real calls, and which port serves what.</summary>
[Collection(ProcessWideMeters.Name)]
public sealed class MetricsTests : IAsyncLifetime
{
    private const string Synthesize = "tts.v1.TextToSpeech/Synthesize";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private readonly HttpClient _http = new() { Timeout = Timeout };
    private readonly int _port = Scrape.FreePort();
    private ServerFixture _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string MetricsUrl => $"http://127.0.0.1:{_port}/metrics";

    public async ValueTask InitializeAsync() =>
        _server = await ServerFixture.StartAsync(_directory.Path, "--Tts:Metrics:Enabled=true", $"--Tts:Metrics:Port={_port}");

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Scrape_AfterMissHitsAndFailure_CountsThemWithTheirLabels()
    {
        var before = await Scrape.ReadAsync(_http, MetricsUrl, Token);
        Assert.Equal(0, before.Value("tts_requests_total"));

        var tts = new TextToSpeech.TextToSpeechClient(_server.Channel);
        var admin = new CacheAdmin.CacheAdminClient(_server.Channel);
        var request = new SynthesizeRequest { Text = "Counting what the cache does." };
        var miss = await SynthesisCall.RunAsync(tts, request);
        var memoryHit = await SynthesisCall.RunAsync(tts, request);
        await admin.ClearCacheAsync(new ClearCacheRequest { Scope = CacheScope.Memory }, deadline: DateTime.UtcNow + Timeout, cancellationToken: Token);
        var diskHit = await SynthesisCall.RunAsync(tts, request);
        var failure = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(tts, new SynthesizeRequest { Text = "" }));
        Assert.Equal([0, 1, 1], [miss.Summary.SegmentsCached, memoryHit.Summary.SegmentsCached, diskHit.Summary.SegmentsCached]);
        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);

        var after = await Scrape.ReadAsync(_http, MetricsUrl, Token);
        Assert.Equal(3, after.Value("tts_requests_total", ("method", Synthesize), ("code", "OK")));
        Assert.Equal(1, after.Value("tts_requests_total", ("method", Synthesize), ("code", "INVALID_ARGUMENT")));
        Assert.Equal(1, after.Value("tts_request_errors_total", ("method", Synthesize), ("code", "INVALID_ARGUMENT")));
        Assert.Equal(0, after.Value("tts_request_errors_total", ("code", "OK")));
        Assert.Equal(1, after.Value("tts_requests_total", ("method", "tts.v1.CacheAdmin/ClearCache"), ("code", "OK")));

        Assert.Equal(1, after.Value("tts_cache_hits_total", ("tier", "memory")));
        Assert.Equal(1, after.Value("tts_cache_hits_total", ("tier", "disk")));
        Assert.True(after.Value("tts_cache_misses_total", ("tier", "memory")) >= 2, after.Text);
        Assert.True(after.Value("tts_cache_misses_total", ("tier", "disk")) >= 1, after.Text);
        Assert.Equal(1, after.Value("tts_cache_entries", ("tier", "disk")));
        Assert.True(after.Value("tts_cache_size_bytes", ("tier", "disk")) > 0, after.Text);
        Assert.Equal(0, after.Value("tts_cache_corrupt_total", ("tier", "disk")));
        // LINEAR16 at the engine rate is the master's own format: nothing is kept encoded for it.
        Assert.Contains(after.Series("tts_cache_entries"), labels => labels.GetValueOrDefault("tier") == "rendered");
        Assert.Equal(0, after.Value("tts_cache_entries", ("tier", "rendered")));

        Assert.Equal(1, after.Value("tts_segments_total", ("source", "engine")));
        Assert.Equal(2, after.Value("tts_segments_total", ("source", "cache")));
        Assert.Equal(3, after.Value("tts_synthesis_first_audio_milliseconds_count", ("method", Synthesize)));
        Assert.Equal(3, after.Value("tts_synthesis_duration_milliseconds_count", ("method", Synthesize)));
        foreach (var idle in new[] { "tts_calls_active", "tts_engine_pending", "tts_render_queue", "tts_cache_write_queue" })
        {
            Assert.Single(after.Series(idle)); // reported, and idle once the calls are done
            Assert.Equal(0, after.Value(idle));
        }

        var backend = Assert.Single(after.Series("tts_backend"));
        var core = _server.Services.GetRequiredService<AudioCore>();
        Assert.Equal(core.Backend == ComputeBackend.Cuda ? "cuda" : "cpu", backend["backend"]);

        // The runtime's memory figures sit beside ours, so growth can be told apart by GC generation.
        Assert.True(after.Value("dotnet_process_memory_working_set_bytes") > 0, after.Text);
        var generations = after.Series("dotnet_gc_last_collection_heap_size_bytes").Select(labels => labels["gc_heap_generation"]);
        Assert.Contains("loh", generations);
        Assert.Contains("gen2", generations);
    }

    [Fact]
    public async Task Ports_EachServesOnlyItsOwnProtocol()
    {
        // The gRPC port speaks HTTP/2 only; ask it for /metrics the way it can understand.
        using var grpcRequest = new HttpRequestMessage(HttpMethod.Get, _server.Address + "/metrics")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var grpcAnswer = await _http.SendAsync(grpcRequest, Token);
        Assert.Equal(HttpStatusCode.NotFound, grpcAnswer.StatusCode);

        using var other = await _http.GetAsync($"http://127.0.0.1:{_port}/tts.v1.TextToSpeech/ListVoices", Token);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);

        using var metricsChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{_port}");
        var client = new TextToSpeech.TextToSpeechClient(metricsChannel);
        var refused = await Assert.ThrowsAsync<RpcException>(
            () => client.ListVoicesAsync(new ListVoicesRequest(), deadline: DateTime.UtcNow + Timeout, cancellationToken: Token).ResponseAsync);
        Assert.NotEqual(StatusCode.DeadlineExceeded, refused.StatusCode);

        var scrape = await Scrape.ReadAsync(_http, MetricsUrl, Token);
        Assert.Contains("# TYPE tts_backend gauge", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithMetricsPortOutOfRange_FailsNamingTheKey()
    {
        using var directory = new TempDirectory();
        var failure = Assert.Throws<OptionsValidationException>(() => ServerApp.Build(
            ["--urls", "http://127.0.0.1:0", $"--Tts:DataDirectory={directory.Path}", "--Tts:Metrics:Port=70000"],
            builder => builder.Logging.ClearProviders()));
        Assert.Contains("Tts:Metrics:Port", failure.Message, StringComparison.Ordinal);
    }
}
