using Conference.EndToEnd.Tests.Browser;
using Conference.EndToEnd.Tests.Meetings;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>
/// One Conference.Server process (embedded default, serving the built web app at /) and one headless Chromium for
/// a test class; each user of a test gets its own browser context (its own storage, so its own session).
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ConferenceServer? _server;

    public ConferenceServer Server => _server ?? throw new InvalidOperationException("Not started.");
    public string BaseUrl => $"http://127.0.0.1:{Server.HttpPort}";

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        _server = await ConferenceServer.StartAsync(new Dictionary<string, string>
        {
            ["Conference:Auth:AuthRequestsPerMinutePerIp"] = "1000",
        }, TimeSpan.FromSeconds(90));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumBrowser.ExecutablePath,
            Headless = true,
            Args = ChromiumBrowser.Flags,
            Timeout = 60_000,
        });
    }

    /// <summary>A page in a fresh context (a separate person) at the given viewport, with the page console kept for failures.</summary>
    /// <remarks>The app's Content-Security-Policy stays in force (axe-core is evaluated over the DevTools protocol).</remarks>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        // Generous: CI shares two cores with a server, a silo and Chromium; the waits end as soon as the page is there.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
