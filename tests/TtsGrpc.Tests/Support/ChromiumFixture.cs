namespace TtsGrpc.Tests.Support;

/// <summary>One headless chromium for a test class's tests.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private HeadlessChromium? _chromium;

    public HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException("The browser did not start.");

    public async ValueTask InitializeAsync() => _chromium = await HeadlessChromium.LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }
}
