using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// Debian's chromium package, headless, driven by Playwright (its driver ships in the NuGet package; no browser is
/// downloaded). One browser per test class; each page keeps the console errors and page errors it saw, so a test can
/// assert the page ran without one (a Content-Security-Policy refusal is a console error).
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>How long any one browser action or wait may take: a loaded 2-core machine starts chromium slowly.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium at {ExecutablePath}, which is missing: install it with 'apt-get install chromium' (./build.sh does).");
        }

        var playwright = await Playwright.CreateAsync().WaitAsync(Timeout);
        List<string> arguments = ["--autoplay-policy=no-user-gesture-required", "--mute-audio"];
        if (Environment.UserName == "root")
        {
            arguments.Add("--no-sandbox"); // chromium refuses to run as root with its sandbox on
        }

        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = arguments,
            Timeout = (float)Timeout.TotalMilliseconds,
        }).WaitAsync(Timeout);
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A page of its own context (fresh local storage) at <paramref name="url"/>, loaded.</summary>
    public async Task<BrowserPage> OpenAsync(string url)
    {
        var context = await _browser.NewContextAsync().WaitAsync(Timeout);
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        var page = await context.NewPageAsync().WaitAsync(Timeout);
        var problems = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Enqueue($"page error: {error}");
        await page.GotoAsync(url).WaitAsync(Timeout);
        return new BrowserPage(context, page, problems);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync().WaitAsync(Timeout);
        _playwright.Dispose();
    }
}
