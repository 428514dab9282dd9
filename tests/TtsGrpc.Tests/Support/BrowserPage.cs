using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace TtsGrpc.Tests.Support;

/// <summary>A loaded page in a browser context of its own, and the console and page errors it has reported so far.</summary>
public sealed record BrowserPage(IBrowserContext Context, IPage Page, ConcurrentQueue<string> Problems) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await Context.CloseAsync().WaitAsync(HeadlessChromium.Timeout);

    /// <summary>What went wrong in the page, for an assertion message: its errors and its visible text.</summary>
    public async Task<string> DescribeAsync()
    {
        var text = await Page.InnerTextAsync("body").WaitAsync(HeadlessChromium.Timeout);
        return $"Page errors: [{string.Join("; ", Problems)}]{Environment.NewLine}Page text:{Environment.NewLine}{text}";
    }

    /// <summary>Waits until <paramref name="condition"/> (a JavaScript expression) holds in the page; fails with the page's state.</summary>
    public async Task WaitForAsync(string condition, string what)
    {
        try
        {
            await Page.WaitForFunctionAsync(
                $"() => {condition}", null, new PageWaitForFunctionOptions { Timeout = (float)HeadlessChromium.Timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The page did not get to {what} within {HeadlessChromium.Timeout}. {await DescribeAsync()}", e);
        }
    }
}
