using System.Text.Json;
using Microsoft.Playwright;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// The web playground at / of the HTTP API in headless chromium: what a person sees and hears there. Durations are
/// compared with a LINEAR16 gRPC render of the same text and voice (a cache hit by then, so the very audio the page
/// played, before encoding).
/// </summary>
public sealed class PlaygroundTests(ServerFixture server, ChromiumFixture browser) : IClassFixture<ServerFixture>, IClassFixture<ChromiumFixture>
{
    private const string Voice = "espeak:en-us";
    private const int Rate = 24_000; // the rate of every response_format of the HTTP API

    [Fact]
    public async Task Speak_Mp3_PlaysAsItStreamsAndListsTheSegmentsThenTheirCacheHits()
    {
        const string text = "The playground reads this first sentence aloud. A second sentence follows right after it. The third one ends the test.";
        await using var page = await OpenAsync();

        await SpeakAsync(page, text, "mp3");

        var played = await PlayedAsync(page);
        var expected = await RenderedSecondsAsync(text);
        Assert.True(Math.Abs(played.Duration - expected) <= 0.1 * expected, $"The page's audio lasts {played.Duration:F3} s; the text renders to {expected:F3} s.");
        Assert.True(played.Played >= 0.9 * expected, $"The page played {played.Played:F3} s of {expected:F3} s.");
        Assert.Contains("MediaSource", await page.Page.Locator("#mode").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Matches(@"^\d+ ms$", await page.Page.Locator("#first-audio-page").InnerTextAsync());
        Assert.Matches(@"^\d+ ms$", await page.Page.Locator("#first-audio-server").InnerTextAsync());
        var segments = await SegmentsAsync(page);
        Assert.Equal(["The playground reads this first sentence aloud.", "A second sentence follows right after it.", "The third one ends the test."], segments.Select(s => s.Text));
        Assert.All(segments, s => Assert.False(s.Cached, $"'{s.Text}' was new text, yet listed as cached."));
        Assert.Equal("0 of 3", await page.Page.Locator("#cache-hits").InnerTextAsync());

        await SpeakAsync(page, text, "mp3");

        var again = await SegmentsAsync(page);
        Assert.Equal(segments.Select(s => s.Text), again.Select(s => s.Text));
        Assert.All(again, s => Assert.True(s.Cached, $"'{s.Text}' was spoken before, yet listed as synthesized."));
        Assert.Equal("3 of 3", await page.Page.Locator("#cache-hits").InnerTextAsync());
        var replayed = await PlayedAsync(page);
        Assert.True(Math.Abs(replayed.Duration - expected) <= 0.1 * expected, $"The replay lasts {replayed.Duration:F3} s; the text renders to {expected:F3} s.");
        Assert.True(page.Problems.IsEmpty, await page.DescribeAsync());
    }

    [Theory]
    [InlineData("wav")]
    [InlineData("pcm")]
    [InlineData("opus")]
    [InlineData("flac")]
    public async Task Speak_WholeFileFormat_PlaysTheWholeResponseAndSaysSo(string format)
    {
        var text = $"This sentence is spoken as {format} by the playground. It plays once the response is complete.";
        await using var page = await OpenAsync();
        await page.Page.GetByLabel("Format").SelectOptionAsync(format);
        Assert.Contains("plays when the whole response has arrived", await page.Page.Locator("#format-note").InnerTextAsync(), StringComparison.Ordinal);

        await SpeakAsync(page, text, format);

        var played = await PlayedAsync(page);
        var expected = await RenderedSecondsAsync(text);
        Assert.True(Math.Abs(played.Duration - expected) <= 0.1 * expected, $"The page's {format} lasts {played.Duration:F3} s; the text renders to {expected:F3} s.");
        Assert.True(played.Played >= 0.9 * expected, $"The page played {played.Played:F3} s of {expected:F3} s.");
        Assert.Contains("whole file", await page.Page.Locator("#mode").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(2, (await SegmentsAsync(page)).Count);
        Assert.True(page.Problems.IsEmpty, await page.DescribeAsync());
    }

    [Fact]
    public async Task Open_ServerWithClientKeys_AsksForTheKeyAndShowsTheServersErrors()
    {
        const string clientKey = "playground-client-key-0001";
        using var directory = new TempDirectory();
        await using var keyed = await ServerFixture.StartAsync(directory.Path, $"--Tts:Auth:ClientKeys:0={clientKey}", "--Tts:Synthesis:MaxTextLength=100");
        await using var page = await browser.Chromium.OpenAsync(keyed.HttpAddress + "/");
        var key = page.Page.GetByLabel("API key");
        var error = page.Page.GetByRole(AriaRole.Alert);

        await page.WaitForAsync("!document.getElementById('key-row').hidden && !document.getElementById('error').hidden", "asking for a key");
        Assert.Contains("needs an API key", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Page.GetByRole(AriaRole.Button, new() { Name = "Speak" }).IsDisabledAsync());

        await key.FillAsync("not-a-key-of-this-server");
        await key.PressAsync("Tab");
        await page.WaitForAsync("document.getElementById('error').textContent.includes('not one this server knows')", "refusing the wrong key");

        await key.FillAsync(clientKey);
        await page.Page.GetByLabel("Remember in this browser").CheckAsync();
        await key.PressAsync("Tab");
        await page.WaitForAsync($"document.getElementById('voice').value === '{Voice}' && document.getElementById('error').hidden", "its voice list");

        await page.Page.GetByLabel("Text").FillAsync(new string('x', 60) + " " + new string('y', 60));
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Speak" }).ClickAsync();
        await page.WaitForAsync("!document.getElementById('error').hidden", "an error");
        Assert.Contains("the limit is 100", await error.InnerTextAsync(), StringComparison.Ordinal);

        // The key was remembered: a reload lists the voices at once, and speech works with it.
        await page.Page.ReloadAsync();
        await page.WaitForAsync($"document.getElementById('voice').value === '{Voice}'", "its voice list after a reload");
        Assert.Equal(clientKey, await key.InputValueAsync());
        await SpeakAsync(page, "The key opens the door.", "mp3");
        Assert.Equal(["The key opens the door."], (await SegmentsAsync(page)).Select(s => s.Text));
    }

    [Fact]
    public async Task Get_PageAndItsFiles_HaveTheirTypesAndASameOriginPolicy()
    {
        using var http = new HttpSpeech(server.HttpAddress);
        (string Path, string Type)[] files =
        [
            ("/", "text/html; charset=utf-8"), ("/playground.js", "text/javascript; charset=utf-8"), ("/api.js", "text/javascript; charset=utf-8"),
            ("/players.js", "text/javascript; charset=utf-8"), ("/playground.css", "text/css; charset=utf-8"), ("/favicon.svg", "image/svg+xml"),
        ];

        foreach (var (path, type) in files)
        {
            using var response = await http.Client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.ToString());
            Assert.Equal(TtsGrpc.Server.Playground.PlaygroundFiles.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }

        var page = await http.GetAsync("/");
        Assert.Contains("<title>TtsGrpc playground</title>", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RootOfTheGrpcPort_IsNotThePlayground()
    {
        using var http = new HttpClient
        {
            BaseAddress = new Uri(server.Address),
            DefaultRequestVersion = System.Net.HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = HttpSpeech.Timeout,
        };

        using var response = await http.GetAsync("/", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("playground", body, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<BrowserPage> OpenAsync()
    {
        Assert.NotEmpty(server.HttpAddress);
        var page = await browser.Chromium.OpenAsync(server.HttpAddress + "/");
        await page.WaitForAsync($"document.getElementById('voice').value === '{Voice}'", "its voice list");
        return page;
    }

    /// <summary>Types the text, picks the voice and format, presses Speak and waits for the audio to end.</summary>
    private static async Task SpeakAsync(BrowserPage page, string text, string format)
    {
        await page.Page.GetByLabel("Text").FillAsync(text);
        await page.Page.GetByLabel("Voice").SelectOptionAsync(Voice);
        await page.Page.GetByLabel("Format").SelectOptionAsync(format);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Speak" }).ClickAsync();
        // The click sets the status to "Speaking…" at once, so "Done." and an ended element belong to this request.
        await page.WaitForAsync(
            "document.getElementById('status').textContent === 'Done.' && document.getElementById('player').ended",
            "the end of the audio");
    }

    private sealed record Playback(double Duration, double Played);

    private static async Task<Playback> PlayedAsync(BrowserPage page)
    {
        var json = await page.Page.EvaluateAsync<JsonElement>(
            """
            () => {
              const audio = document.getElementById('player');
              let played = 0;
              for (let i = 0; i < audio.played.length; i++) played += audio.played.end(i) - audio.played.start(i);
              return { duration: audio.duration, played };
            }
            """).WaitAsync(HeadlessChromium.Timeout);
        return new Playback(json.GetProperty("duration").GetDouble(), json.GetProperty("played").GetDouble());
    }

    private sealed record ListedSegment(string Text, bool Cached);

    private static async Task<List<ListedSegment>> SegmentsAsync(BrowserPage page)
    {
        var items = page.Page.Locator("#segments li");
        var segments = new List<ListedSegment>();
        for (var i = 0; i < await items.CountAsync(); i++)
        {
            var item = items.Nth(i);
            var badge = await item.Locator(".badge").InnerTextAsync();
            var text = (await item.InnerTextAsync())[badge.Length..].Trim();
            segments.Add(new ListedSegment(text, await item.GetAttributeAsync("data-cached") == "true"));
        }

        return segments;
    }

    private async Task<double> RenderedSecondsAsync(string text)
    {
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        var call = await SynthesisCall.RunAsync(client, new SynthesizeRequest
        {
            Text = text,
            Voice = Voice,
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHz = Rate },
        });
        Assert.Equal(call.Summary.SegmentsTotal, call.Summary.SegmentsCached);
        return call.Audio.Length / 2.0 / Rate;
    }
}
