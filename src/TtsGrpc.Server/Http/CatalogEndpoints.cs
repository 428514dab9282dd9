using System.Text.Json;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Voices;

namespace TtsGrpc.Server.Http;

/// <summary>
/// The lists OpenAI clients read: GET /v1/models (OpenAI's shape), GET /v1/audio/models and GET /v1/audio/voices
/// (the shapes Open WebUI reads from servers other than api.openai.com). Model ids are OpenAI's speech models, which
/// clients send by default, plus one per engine; every id speaks the same way, because the voice picks the engine.
/// </summary>
internal sealed class CatalogEndpoints(VoiceCatalog catalog, VoiceRegistry created, OpenAiVoices openAi, HttpAuthorization authorization)
{
    private const string Owner = "ttsgrpc";
    private static readonly string[] OpenAiModels = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"];
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(); // the server's start: no model has another date

    public IEnumerable<string> ModelIds => [.. OpenAiModels, .. catalog.Engines.Select(e => e.Name)];

    public Task ModelsAsync(HttpContext context) => WriteAsync(context, json =>
    {
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var id in ModelIds)
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("object", "model");
            json.WriteNumber("created", _created);
            json.WriteString("owned_by", Owner);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    public Task AudioModelsAsync(HttpContext context) => WriteAsync(context, json =>
    {
        json.WriteStartArray("models");
        foreach (var id in ModelIds)
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    /// <summary>The OpenAI names first (named with the voice each stands for), then every usable engine voice, then created voices.</summary>
    public Task VoicesAsync(HttpContext context) => WriteAsync(context, json =>
    {
        json.WriteStartArray("voices");
        foreach (var (name, id) in openAi.Map())
        {
            Voice(json, name, $"{name} ({id})");
        }

        foreach (var voice in catalog.All.Where(v => v.Unavailable is null))
        {
            Voice(json, voice.Id, voice.Name);
        }

        foreach (var voice in created.List())
        {
            Voice(json, voice.Id, voice.Name);
        }

        json.WriteEndArray();
    });

    private static void Voice(Utf8JsonWriter json, string id, string name)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("name", name);
        json.WriteEndObject();
    }

    private async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> body)
    {
        authorization.Check(context.Request);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, OpenAiError.Json))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }
}
