using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TtsGrpc.Tests.Support;

/// <summary>Requests to the HTTP API (the OpenAI-compatible front end) of a test server, through a real HttpClient.</summary>
public sealed class HttpSpeech(string address) : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http = new() { BaseAddress = new Uri(address), Timeout = Timeout };

    public HttpClient Client => _http;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    /// <summary>POST /v1/audio/speech with <paramref name="json"/> as the body; the response is read to its end.</summary>
    public async Task<Response> PostAsync(string json, string? bearer = null, string path = "/v1/audio/speech")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        using var response = await _http.SendAsync(request, Token).WaitAsync(Timeout, Token);
        return await Response.ReadAsync(response);
    }

    /// <summary>POST /v1/audio/speech with the given fields serialized as JSON.</summary>
    public Task<Response> SpeechAsync(object body, string? bearer = null) => PostAsync(JsonSerializer.Serialize(body), bearer);

    public async Task<Response> GetAsync(string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        using var response = await _http.SendAsync(request, Token).WaitAsync(Timeout, Token);
        return await Response.ReadAsync(response);
    }

    /// <summary>A whole response: status, headers and body.</summary>
    public sealed record Response(int Status, string? ContentType, HttpResponseHeaders Headers, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.First() : null;

        /// <summary>The OpenAI error object of an error response (asserts its shape: message, type, param, code).</summary>
        public JsonElement Error
        {
            get
            {
                Assert.Equal("application/json", ContentType);
                var error = JsonDocument.Parse(Body).RootElement.GetProperty("error");
                Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
                Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
                Assert.True(error.TryGetProperty("param", out _), "no param in " + Text);
                Assert.True(error.TryGetProperty("code", out _), "no code in " + Text);
                return error;
            }
        }

        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        internal static async Task<Response> ReadAsync(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(Token).WaitAsync(Timeout, Token);
            return new Response((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers, body);
        }
    }
}
