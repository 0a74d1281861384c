using System.Text.Json;
using Conference.EndToEnd.Tests.Meetings;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>
/// The meeting screens as a person uses them, through their labelled controls: a project with a member (made over
/// REST: the board tests cover that in the UI), signing in, opening the project's room, joining, and what a tile shows.
/// </summary>
public static class MeetingPages
{
    public sealed record Person(string Name, string Email, ServerUser Account, IPage Page);

    /// <summary>Registers an account over REST (the fixture's first one is the admin) and signs it in on a page of its own.</summary>
    public static async Task<Person> SignInAsync(WebAppFixture app, string name, int width = 1280, int height = 800) =>
        await SignInAsync(app.Server, await app.NewPageAsync(width, height), name);

    /// <summary>Registers an account on <paramref name="server"/> over REST and signs it in on <paramref name="page"/> (the server's own pages).</summary>
    public static async Task<Person> SignInAsync(ConferenceServer server, IPage page, string name)
    {
        string email = AppUser.Email(name);
        var registered = await server.PostAsync(null, "/api/auth/register", new { name, email, password = AppUser.Password });
        var login = await server.PostAsync(null, "/api/auth/login", new { email, password = AppUser.Password });
        var account = new ServerUser(registered.GetProperty("id").GetString()!, name, login.GetProperty("accessToken").GetString()!);
        await page.GotoAsync($"http://127.0.0.1:{server.HttpPort}/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppUser.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/projects");
        return new Person(name, email, account, page);
    }

    /// <summary>A project owned by <paramref name="owner"/> with <paramref name="member"/> in it.</summary>
    public static async Task<string> ProjectWithMemberAsync(WebAppFixture app, Person owner, Person member)
    {
        var project = await app.Server.PostAsync(owner.Account, "/api/projects", new { name = "Launch" });
        string id = project.GetProperty("id").GetString()!;
        await app.Server.PostAsync(owner.Account, $"/api/projects/{id}/members", new { userId = member.Account.Id });
        return id;
    }

    /// <summary>From the project's Meetings tab: opens the room (creating it first when asked) and waits for the pre-join screen.</summary>
    public static async Task OpenProjectRoomAsync(Person person, string projectId, string room, bool create)
    {
        var page = person.Page;
        await page.GotoAsync($"/projects/{projectId}/meetings", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        if (create)
        {
            await page.GetByLabel("New room name").FillAsync(room);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create room" }).ClickAsync();
        }
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open room {room}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Join “{room}”" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Join now" })).ToBeEnabledAsync(new() { Timeout = 30_000 });
    }

    public static async Task JoinAsync(Person person)
    {
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Join now" }).ClickAsync();
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Button, new() { Name = "Leave the call" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    public static ILocator Tile(IPage page, string label) => page.Locator($"figure[aria-label=\"{label}\"]");

    /// <summary>Waits until the tile's video plays: it has a picture (videoWidth &gt; 0) and its time moves on.</summary>
    public static async Task<VideoState> WaitPlayingAsync(IPage page, string label, TimeSpan? timeout = null)
    {
        var video = Tile(page, label).Locator("video");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        VideoState? first = null, last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (await video.CountAsync() == 1)
            {
                last = await StateAsync(video);
                if (last.Width > 0 && first is null) first = last;
                else if (first is not null && last.Width > 0 && last.CurrentTime > first.CurrentTime + 0.3) return last;
            }
            await Task.Delay(200);
        }
        string detail = await page.EvaluateAsync<string>(@"label => {
            const v = document.querySelector(`figure[aria-label=""${label}""] video`);
            const t = v?.srcObject?.getVideoTracks()[0];
            const q = v?.getVideoPlaybackQuality?.();
            return JSON.stringify({ paused: v?.paused, readyState: v?.readyState, currentTime: v?.currentTime, frames: q && { total: q.totalVideoFrames, dropped: q.droppedVideoFrames }, size: v && [v.videoWidth, v.videoHeight], track: t && { state: t.readyState, muted: t.muted, enabled: t.enabled }, tile: v?.closest('figure')?.textContent, tiles: [...document.querySelectorAll('figure')].map(f => f.getAttribute('aria-label')) });
        }", label);
        await ScreenshotAsync(page, $"not-playing-{label.Replace(' ', '-').Replace(",", "")}");
        throw new TimeoutException($"The video of '{label}' did not play: first {first}, last {last}, {detail}.");
    }

    /// <summary>
    /// Waits until the tile's video shows new frames (the element's decoded frame count grows between two looks),
    /// e.g. after its track was replaced; <see cref="WaitPlayingAsync"/> only sees the element's clock move.
    /// </summary>
    public static async Task WaitNewFramesAsync(IPage page, string label, TimeSpan timeout)
    {
        var video = Tile(page, label).Locator("video");
        var deadline = DateTime.UtcNow + timeout;
        int? before = null;
        while (DateTime.UtcNow < deadline)
        {
            int? frames = await video.CountAsync() == 1
                ? await video.EvaluateAsync<int>("v => v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : -1")
                : null;
            if (before is >= 0 && frames > before) return;
            before = frames;
            await Task.Delay(300);
        }
        await ScreenshotAsync(page, $"no-new-frames-{label.Replace(' ', '-').Replace(",", "")}");
        throw new TimeoutException($"The video of '{label}' showed no new frame within {timeout.TotalSeconds:0} s.");
    }

    public sealed record VideoState(int Width, int Height, double CurrentTime);

    private static async Task<VideoState> StateAsync(ILocator video)
    {
        var json = await video.EvaluateAsync<JsonElement>("v => ({ width: v.videoWidth, height: v.videoHeight, time: v.currentTime })");
        return new VideoState(json.GetProperty("width").GetInt32(), json.GetProperty("height").GetInt32(), json.GetProperty("time").GetDouble());
    }

    /// <summary>GETs JSON as <paramref name="person"/> over REST (what the screens of another issue show).</summary>
    public static async Task<JsonElement> GetAsync(WebAppFixture app, Person person, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", person.Account.AccessToken);
        using var response = await app.Server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task SendChatAsync(IPage page, string text)
    {
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
    }

    public static ILocator ChatLog(IPage page) => page.GetByRole(AriaRole.Log, new() { Name = "Chat messages" });

    /// <summary>Saves a full-page screenshot under TestResults/screenshots (kept with the test results).</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }
}
