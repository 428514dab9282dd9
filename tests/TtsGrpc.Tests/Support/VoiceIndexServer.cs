using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// A Piper voice index on a free loopback port, laid out like the public one: voices.json at the root, and each
/// voice's .onnx, .onnx.json and MODEL_CARD under language family/language/dataset/quality. A voice misbehaves as
/// its <see cref="VoiceFault"/> says; a dropped connection is a real abort of the socket (HttpContext.Abort).
/// </summary>
public sealed class VoiceIndexServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, (byte[] Bytes, StandInPiperVoice Voice)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly byte[] _index;
    private bool _stopped;

    private VoiceIndexServer(StandInPiperVoice[] voices)
    {
        foreach (var voice in voices)
        {
            _files[voice.ModelPath] = (voice.Model, voice);
            _files[voice.ConfigPath] = (voice.Config, voice);
            _files[voice.CardPath] = (Encoding.UTF8.GetBytes($"# {voice.Key}\n\nA stand-in voice with Piper's interface, for tests.\n"), voice);
        }

        _index = JsonSerializer.SerializeToUtf8Bytes(voices.ToDictionary(v => v.Key, Entry), new JsonSerializerOptions { WriteIndented = true });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(ServeAsync);
    }

    /// <summary>The index's base URL, ending in '/': what Tts:Engines:Piper:DownloadUrl is set to.</summary>
    public string Url { get; private set; } = "";

    /// <summary>When set, voices.json is served as this text instead of the index.</summary>
    public string? BrokenIndex { get; set; }

    public static async Task<VoiceIndexServer> StartAsync(params StandInPiperVoice[] voices)
    {
        var server = new VoiceIndexServer(voices);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await server._app.StartAsync(timeout.Token);
        server.Url = server._app.Urls.First() + "/";
        return server;
    }

    /// <summary>How many times <paramref name="path"/> (relative to <see cref="Url"/>) was asked for.</summary>
    public int Requests(string path) => _requests.GetValueOrDefault(path);

    /// <summary>Stops listening: the port then refuses connections.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    private static Dictionary<string, object> Entry(StandInPiperVoice voice)
    {
        var modelSize = voice.Model.Length + (voice.Fault == VoiceFault.WrongSizeListed ? 1 : 0);
        var language = voice.Language.Split('_');
        return new Dictionary<string, object>
        {
            ["key"] = voice.Key,
            ["name"] = voice.Key.Split('-')[1],
            ["language"] = new { code = voice.Language, family = language[0], region = language[^1], name_native = language[0], name_english = language[0] },
            ["quality"] = voice.Quality,
            ["num_speakers"] = 1,
            ["speaker_id_map"] = new Dictionary<string, int>(),
            ["files"] = new Dictionary<string, object>
            {
                [voice.ModelPath] = File(modelSize, voice.Model),
                [voice.ConfigPath] = File(voice.Config.Length, voice.Config),
                [voice.CardPath] = File(1, [0]), // never fetched: an installer skips the card
            },
            ["aliases"] = voice.Aliases,
        };
    }

    private static object File(long size, byte[] bytes) => new { size_bytes = size, md5_digest = Convert.ToHexStringLower(MD5.HashData(bytes)) };

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimStart('/') ?? "";
        var count = _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        var response = context.Response;
        if (path == "voices.json")
        {
            var index = BrokenIndex is { } broken ? Encoding.UTF8.GetBytes(broken) : _index;
            response.ContentType = "application/json";
            response.ContentLength = index.Length;
            await response.Body.WriteAsync(index);
            return;
        }

        if (!_files.TryGetValue(path, out var file))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var bytes = file.Bytes;
        var fault = path == file.Voice.ModelPath ? file.Voice.Fault : VoiceFault.None;
        response.ContentType = "application/octet-stream";
        response.ContentLength = bytes.Length;
        switch (fault)
        {
            case VoiceFault.CorruptModel:
                var corrupt = bytes.ToArray();
                corrupt[corrupt.Length / 2] ^= 0x5A;
                await response.Body.WriteAsync(corrupt);
                break;
            case VoiceFault.DropModelOnce when count == 1:
                await response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await response.Body.FlushAsync();
                context.Abort();
                break;
            case VoiceFault.HangModel:
                await response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await response.Body.FlushAsync();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up: what the fault waits for.
                }

                break;
            default:
                await response.Body.WriteAsync(bytes);
                break;
        }
    }
}
