using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// The speech body streams: over HTTP/1.1 it is chunked, and over HTTP/2 (an https address, by ALPN) its first bytes
/// reach the client while most of the text is not synthesized yet. HTTP/2's flow control makes that deterministic: a
/// client that reads nothing more holds the server to one window of audio, and the look-ahead to a few segments.
/// </summary>
public sealed class HttpStreamingTests : IAsyncLifetime
{
    private const string Password = "http-test-pfx-password";
    private const int Sentences = 40;

    private readonly TempDirectory _directory = new();
    private readonly X509Certificate2 _certificate = TestCertificates.Create();
    private ServerFixture _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory.Path);
        var pfx = Path.Combine(_directory.Path, "server.pfx");
        await File.WriteAllBytesAsync(pfx, _certificate.Export(X509ContentType.Pfx, Password), Token);
        _server = await ServerFixture.StartAsync(
            Path.Combine(_directory.Path, "data"),
            "--Tts:Http:Urls=https://127.0.0.1:0",
            $"--Kestrel:Certificates:Default:Path={pfx}",
            $"--Kestrel:Certificates:Default:Password={Password}");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Speech_Http2_FirstBytesArriveBeforeTheRestIsSynthesized()
    {
        var counters = _server.Services.GetRequiredService<SynthesisCounters>();
        using var http = new HttpClient(TestCertificates.TrustingOnly(_certificate)) { Timeout = HttpSpeech.Timeout };
        var text = string.Join(" ", Enumerable.Range(1, Sentences).Select(i => $"Streamed sentence number {i} of forty arrives in order."));
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.HttpAddress + "/v1/audio/speech")
        {
            Content = new StringContent($$"""{"model":"tts-1","input":"{{text}}","voice":"alloy","response_format":"pcm"}""", Encoding.UTF8, "application/json"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token).WaitAsync(HttpSpeech.Timeout, Token);
        await using var body = await response.Content.ReadAsStreamAsync(Token);
        var buffer = new byte[4096];
        var first = await body.ReadAsync(buffer, Token).AsTask().WaitAsync(HttpSpeech.Timeout, Token);
        var synthesizedAtFirstBytes = counters.EngineCalls;
        long total = first;
        var reads = 1;
        int read;
        while ((read = await body.ReadAsync(buffer, Token).AsTask().WaitAsync(HttpSpeech.Timeout, Token)) > 0)
        {
            total += read;
            reads++;
        }

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(first > 0);
        Assert.True(synthesizedAtFirstBytes < Sentences / 2, $"{synthesizedAtFirstBytes} of {Sentences} segments were synthesized before the first bytes arrived");
        Assert.True(reads > 1);
        Assert.True(total > Sentences * 24000 * 2, $"{total} bytes is under a second of 24 kHz audio per sentence");
    }

    [Fact]
    public async Task Speech_Http11_ChunkedWithoutALength()
    {
        using var http = new HttpClient(TestCertificates.TrustingOnly(_certificate)) { Timeout = HttpSpeech.Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.HttpAddress + "/v1/audio/speech")
        {
            Content = new StringContent("""{"model":"tts-1","input":"Chunked. In two segments.","voice":"alloy"}""", Encoding.UTF8, "application/json"),
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        // Headers first: a buffered read would fill in the length of what it buffered.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token).WaitAsync(HttpSpeech.Timeout, Token);

        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal("audio/mpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(Token));
    }
}
