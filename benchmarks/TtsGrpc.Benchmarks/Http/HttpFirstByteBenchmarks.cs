using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using TtsGrpc.Benchmarks.Internal;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Benchmarks.Http;

/// <summary>
/// Time to the first audio byte of POST /v1/audio/speech (mp3, a cached sentence) on the real server, against a bare
/// Kestrel endpoint (HTTP/1.1, in this process) that answers the same route with the same bytes and does nothing else,
/// and against gRPC Synthesize of the same cached sentence (its first message). Each HTTP request reads its first bytes
/// and drops the rest, as a player that starts on the first chunk would; the connection is then not reused, for the
/// bare endpoint and the real one alike. The *_WholeAnswer cases read every byte (the connection is reused), so the
/// real paths' cost is seen apart from what dropping a response mid-body costs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class HttpFirstByteBenchmarks
{
    private const string Sentence = "Good morning, your order will arrive on Tuesday before noon.";
    private const string Body = """{"model":"tts-1","input":"Good morning, your order will arrive on Tuesday before noon.","voice":"alloy"}""";

    private readonly SynthesizeRequest _grpcRequest = new()
    {
        Text = Sentence, Format = new AudioFormat { Encoding = AudioEncoding.Mp3, SampleRateHz = 24000 },
    };

    private readonly byte[] _buffer = new byte[16 * 1024];
    private BenchServer? _server;
    private WebApplication? _bare;
    private HttpClient _http = null!;
    private TextToSpeech.TextToSpeechClient _tts = null!;
    private string _speechUrl = "";
    private string _bareUrl = "";

    [GlobalSetup]
    public async Task GlobalSetup()
    {
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
        _http?.Dispose();
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
        _server = await BenchServer.StartAsync("--Tts:Http:Urls=http://127.0.0.1:0");
        _tts = _server.Tts;
        _http = new HttpClient();
        _speechUrl = _server.HttpAddress + "/v1/audio/speech";

        // Caches the sentence (the same master serves both front ends), then takes the whole answer for the bare endpoint.
        using (var first = await PostAsync(_speechUrl))
        {
            await first.Content.ReadAsByteArrayAsync();
        }

        byte[] audio;
        using (var second = await PostAsync(_speechUrl))
        {
            audio = await second.Content.ReadAsByteArrayAsync();
        }

        using (var call = _tts.Synthesize(_grpcRequest))
        {
            await call.ResponseStream.MoveNext(CancellationToken.None);
            if (!call.ResponseStream.Current.Cached)
            {
                throw new InvalidOperationException("Warm-up did not leave the sentence cached.");
            }
        }

        _bare = await StartBareAsync(audio);
        _bareUrl = _bare.Urls.First() + "/v1/audio/speech";
        Console.WriteLine($"// mp3 answer {audio.Length} bytes; HTTP API {_speechUrl}, bare {_bareUrl}");
    }

    [Benchmark(Baseline = true)]
    public Task<int> BareKestrel_FirstByte() => FirstBytesAsync(_bareUrl);

    [Benchmark]
    public Task<int> HttpSpeech_FirstByte() => FirstBytesAsync(_speechUrl);

    [Benchmark]
    public async Task<int> GrpcSynthesize_FirstMessage()
    {
        using var call = _tts.Synthesize(_grpcRequest);
        return await call.ResponseStream.MoveNext(CancellationToken.None) ? call.ResponseStream.Current.Audio.Length : 0;
    }

    [Benchmark]
    public Task<long> BareKestrel_WholeAnswer() => WholeAnswerAsync(_bareUrl);

    [Benchmark]
    public Task<long> HttpSpeech_WholeAnswer() => WholeAnswerAsync(_speechUrl);

    [Benchmark]
    public async Task<long> GrpcSynthesize_WholeAnswer()
    {
        using var call = _tts.Synthesize(_grpcRequest);
        long bytes = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            bytes += call.ResponseStream.Current.Audio.Length;
        }

        return bytes;
    }

    private async Task<long> WholeAnswerAsync(string url)
    {
        using var response = await PostAsync(url);
        await using var body = await response.Content.ReadAsStreamAsync();
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(_buffer)) > 0)
        {
            bytes += read;
        }

        return bytes;
    }

    private async Task<int> FirstBytesAsync(string url)
    {
        using var response = await PostAsync(url);
        await using var body = await response.Content.ReadAsStreamAsync();
        return await body.ReadAsync(_buffer);
    }

    private Task<HttpResponseMessage> PostAsync(string url) => _http.SendAsync(
        new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Body, Encoding.UTF8, "application/json") },
        HttpCompletionOption.ResponseHeadersRead);

    /// <summary>The same route on a slim Kestrel app, HTTP/1.1 on loopback, no logging: the ready-made answer, chunked like the real one.</summary>
    private static async Task<WebApplication> StartBareAsync(byte[] audio)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        app.MapPost("/v1/audio/speech", async context =>
        {
            using var request = new MemoryStream();
            await context.Request.Body.CopyToAsync(request, context.RequestAborted);
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(audio, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        });
        await app.StartAsync();
        return app;
    }
}
