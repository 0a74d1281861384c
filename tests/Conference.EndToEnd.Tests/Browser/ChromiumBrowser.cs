using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.Browser;

/// <summary>
/// The Debian Chromium (/usr/bin/chromium) driven by Playwright, headless, with a throw-away profile.
/// Flags from shared/REAL-PEERS.md: without --allow-loopback-in-peer-connection and the fake-ui flag a
/// loopback-only namespace yields no ICE candidates.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly IReadOnlyList<string> Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection",
        // Simulcast tests send three layers of a 640×360 camera; without this Chromium sends only two below 960×540.
        "--force-fieldtrials=WebRTC-LegacySimulcastLayerLimit/Disabled/",
    ];

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private ChromiumBrowser(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        string profile = Directory.CreateTempSubdirectory("conference-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            // REAL-PEERS.md: the profile folder goes as launchPersistentContext's first argument, not --user-data-dir.
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Flags,
                Timeout = 60_000,
            });
            return new ChromiumBrowser(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.CloseAsync();
        }
        finally
        {
            _playwright.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be flushing its profile; a temp folder left behind is harmless.
            }
        }
    }
}
