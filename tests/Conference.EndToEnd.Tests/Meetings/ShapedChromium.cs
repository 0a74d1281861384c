using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// One Chromium per participant, each started inside that participant's namespace (<see cref="ShapedNetwork.ChromiumWrapper"/>):
/// Playwright drives it over a pipe, so control does not care where its network is. The meeting page is served by
/// Playwright from the source folder at <see cref="PageAddress"/> (a loopback origin: a secure context for getUserMedia,
/// and nothing has to listen in the participant's namespace); the hub and the media go over the shaped link.
/// </summary>
public sealed class ShapedChromium : IAsyncDisposable
{
    public static readonly Uri PageAddress = new("http://127.0.0.1:8080/");
    private static readonly Dictionary<string, (string File, string Type)> Pages = new()
    {
        ["/"] = ("meeting.html", "text/html"),
        ["/hub-connection.js"] = ("hub-connection.js", "text/javascript"),
        ["/meeting.js"] = ("meeting.js", "text/javascript"),
        ["/meeting-data.js"] = ("meeting-data.js", "text/javascript"),
    };

    private readonly IPlaywright _playwright;
    private readonly List<(IBrowserContext Context, string Profile)> _browsers = [];

    private ShapedChromium(IPlaywright playwright) => _playwright = playwright;

    public static async Task<ShapedChromium> CreateAsync() => new(await Playwright.CreateAsync());

    /// <summary>Launches a Chromium through <paramref name="executable"/> and opens the meeting page in it for <paramref name="user"/>.</summary>
    public async Task<ChromiumParticipant> OpenAsync(string executable, ServerUser user)
    {
        string profile = Directory.CreateTempSubdirectory("conference-shaped-chromium-").FullName;
        var context = await _playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // The page comes from Playwright (no address space), the hub is on a private address: Local Network Access
            // checks would block that WebSocket (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
            Args = [.. Browser.ChromiumBrowser.Flags, "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests"],
            Timeout = 60_000,
        });
        _browsers.Add((context, profile));
        await context.RouteAsync($"{PageAddress}**", async route =>
        {
            string path = new Uri(route.Request.Url).AbsolutePath;
            if (!Pages.TryGetValue(path, out var page))
            {
                await route.FulfillAsync(new RouteFulfillOptions { Status = 404 });
                return;
            }
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200, ContentType = $"{page.Type}; charset=utf-8",
                Body = await File.ReadAllTextAsync(Path.Combine(MeetingFiles.PageFolder, page.File)),
            });
        });
        return await ChromiumParticipant.OpenAsync(context, PageAddress, user);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (context, profile) in _browsers)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // already gone
            }
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be flushing its profile; a temp folder left behind is harmless.
            }
        }
        _playwright.Dispose();
    }
}
