using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// An OpenAI-style speech server on a free loopback port whose answers a test scripts: <c>POST /v1/audio/speech</c>
/// answers with the next queued <see cref="Answer"/>, then with <see cref="Default"/> (a tone as 24 kHz PCM), and
/// <c>GET /v1/audio/voices</c> with <see cref="VoiceList"/>. It exists for faults a real speech server does not
/// produce on demand (a 429 or 500 exactly once, a body of odd length, an HTML page with status 200); everything
/// else is tested against a real TtsGrpc upstream. Every speech request is recorded.
/// </summary>
public sealed class ScriptedSpeechServer : IAsyncDisposable
{
    public const int SampleRate = 24000;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly ConcurrentQueue<Received> _received = new();
    private int _voiceListRequests;

    private ScriptedSpeechServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(ServeAsync);
    }

    /// <summary>The API root, what Tts:Engines:OpenAI:BaseUrl is set to ("http://127.0.0.1:port/v1").</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>"127.0.0.1:port": the upstream label of its metrics.</summary>
    public string HostPort => new Uri(BaseUrl).Authority;

    /// <summary>The answer once the queue is empty; a tone by default.</summary>
    public Answer Default { get; set; } = Answer.Audio(Tone(0.5));

    /// <summary>The voice list's answer: Kokoro-FastAPI's shape by default.</summary>
    public Answer VoiceList { get; set; } = Answer.Json(200, """{"voices":[{"id":"af_heart","name":"Heart"},{"id":"am_adam","name":"Adam"}]}""");

    public IReadOnlyList<Received> Requests => [.. _received];

    public int VoiceListRequests => Volatile.Read(ref _voiceListRequests);

    public static async Task<ScriptedSpeechServer> StartAsync()
    {
        var server = new ScriptedSpeechServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await server._app.StartAsync(timeout.Token);
        server.BaseUrl = server._app.Urls.First() + "/v1";
        return server;
    }

    /// <summary><paramref name="seconds"/> of a 220 Hz tone at a quarter of full scale, as the PCM16 samples an upstream sends.</summary>
    public static short[] Tone(double seconds) =>
        [.. Enumerable.Range(0, (int)(seconds * SampleRate)).Select(i => (short)(8192 * Math.Sin(2 * Math.PI * 220 * i / SampleRate)))];

    /// <summary>Little-endian bytes of <paramref name="pcm"/>, as they come over the wire.</summary>
    public static byte[] Bytes(short[] pcm)
    {
        var bytes = new byte[pcm.Length * 2];
        Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>Queues answers for the next speech requests, in order.</summary>
    public void Enqueue(params Answer[] answers)
    {
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (HttpMethods.IsGet(context.Request.Method) && path == "/v1/audio/voices")
        {
            Interlocked.Increment(ref _voiceListRequests);
            await VoiceList.WriteAsync(context);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method) || path != "/v1/audio/speech")
        {
            context.Response.StatusCode = 404;
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        _received.Enqueue(new Received(DateTime.UtcNow, JsonDocument.Parse(body).RootElement.Clone(), context.Request.Headers.Authorization.ToString()));
        await (_answers.TryDequeue(out var answer) ? answer : Default).WriteAsync(context);
    }

    /// <summary>One speech request as it arrived: when, its JSON body and its Authorization header.</summary>
    public sealed record Received(DateTime At, JsonElement Body, string Authorization)
    {
        public string Text(string property) => Body.GetProperty(property).ToString();
    }

    /// <summary>What the server answers one request with.</summary>
    public sealed record Answer(int Status, string ContentType, byte[] Body, string? RetryAfter = null)
    {
        public static Answer Audio(short[] pcm) => new(200, "audio/pcm", Bytes(pcm));

        public static Answer Json(int status, string json, string? retryAfter = null) => new(status, "application/json", Encoding.UTF8.GetBytes(json), retryAfter);

        public async Task WriteAsync(HttpContext context)
        {
            context.Response.StatusCode = Status;
            context.Response.ContentType = ContentType;
            if (RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = RetryAfter;
            }

            await context.Response.Body.WriteAsync(Body, context.RequestAborted);
        }
    }
}
