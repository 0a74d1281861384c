using System.Text.Json;
using System.Text.RegularExpressions;
using Conference.Media.Tests.Recording;
using Microsoft.Playwright;
using static Conference.EndToEnd.Tests.WebApp.MeetingPages;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>
/// Issue 11's proofs 2 and 3, and invite links: people hold a meeting in the web app, through our SFU, in real
/// Chromium with fake camera, microphone and screen. Runs only in a loopback-only network namespace (tests/run.sh).
/// </summary>
[Trait("Category", "Browser")]
public sealed class MeetingCallTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [LoopbackNamespaceFact]
    public async Task Two_people_meet_from_the_projects_room_chat_share_a_screen_raise_a_hand_and_turn_a_message_into_a_task()
    {
        var ada = await SignInAsync(app, "Ada");
        var bob = await SignInAsync(app, "Bob");
        string projectId = await ProjectWithMemberAsync(app, ada, bob);

        await OpenProjectRoomAsync(ada, projectId, "Standup", create: true);
        await Accessibility.AssertNoSeriousViolationsAsync(ada.Page, "pre-join");
        await ScreenshotAsync(ada.Page, "meeting-pre-join");
        await OpenProjectRoomAsync(bob, projectId, "Standup", create: false);
        await JoinAsync(ada);
        await JoinAsync(bob);

        // Each sees the other's camera playing.
        var bobAtAda = await WaitPlayingAsync(ada.Page, "Bob");
        var adaAtBob = await WaitPlayingAsync(bob.Page, "Ada");
        Assert.True(bobAtAda.Width > 0 && adaAtBob.Width > 0);

        // Ada (the room's creator, so its host) records the call while it goes on (issue 16); Bob sees the indicator
        // and has no record button.
        await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Start recording" }).ClickAsync();
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Status, new() { Name = "This call is being recorded" })).ToBeVisibleAsync();
        await Assertions.Expect(ada.Page.GetByRole(AriaRole.Status, new() { Name = "This call is being recorded" })).ToBeVisibleAsync();
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "Start recording" })).ToHaveCountAsync(0);

        // Chat both ways; the closed panel counts what arrived.
        await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }).ClickAsync();
        await SendChatAsync(ada.Page, "Hello Bob");
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "Chat, 1 unread" })).ToBeVisibleAsync();
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Chat, 1 unread" }).ClickAsync();
        await Assertions.Expect(ChatLog(bob.Page)).ToContainTextAsync("Hello Bob");
        await SendChatAsync(bob.Page, "Fix the login page");
        await Assertions.Expect(ChatLog(ada.Page)).ToContainTextAsync("Fix the login page");

        // A screen share is one more tile at the other side; a raised hand shows on the tile.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Share your screen" }).ClickAsync();
        var screen = await WaitPlayingAsync(ada.Page, "Bob, screen");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Raise your hand" }).ClickAsync();
        await Assertions.Expect(Tile(ada.Page, "Bob").GetByRole(AriaRole.Img, new() { Name = "Hand raised" })).ToBeVisibleAsync();

        // A chat message becomes a task of the project: it is on the board.
        await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Create a task from the message “Fix the login page”" }).ClickAsync();
        await Assertions.Expect(ChatLog(ada.Page)).ToContainTextAsync("Task created: Fix the login page");
        // ... and it is on the project's board (a second tab of Ada's, while she stays in the call).
        var board = await ada.Page.Context.NewPageAsync();
        await board.GotoAsync($"/projects/{projectId}/board", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(BoardScreen.Card(board, "Fix the login page")).ToBeVisibleAsync();
        await ScreenshotAsync(board, "meeting-task-on-board");
        await board.CloseAsync();

        await Accessibility.AssertNoSeriousViolationsAsync(ada.Page, "call");
        await ScreenshotAsync(ada.Page, "meeting-call");

        await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Stop recording" }).ClickAsync();
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Status, new() { Name = "This call is being recorded" })).ToHaveCountAsync(0);
        string roomId = Regex.Match(ada.Page.Url, "/rooms/([^/?#]+)").Groups[1].Value;
        var stopped = (await app.Server.SendAsync(ada.Account, HttpMethod.Get, $"/api/rooms/{roomId}/recordings")).EnumerateArray().Single();
        Assert.Equal("completed", stopped.GetProperty("state").GetString());
        var adaCamera = stopped.GetProperty("tracks").EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "Ada" && t.GetProperty("source").GetString() == "camera");

        // Leaving removes the tile (camera and screen) at the other side.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Leave the call" }).ClickAsync();
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "You left the meeting" })).ToBeVisibleAsync();
        await Assertions.Expect(Tile(ada.Page, "Bob")).ToHaveCountAsync(0);
        await Assertions.Expect(Tile(ada.Page, "Bob, screen")).ToHaveCountAsync(0);
        Assert.True(screen.Width > 0);

        // The meeting's summary lists the task made in it; the project's meetings tab too.
        await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Leave the call" }).ClickAsync();
        await ada.Page.GetByRole(AriaRole.Link, new() { Name = "Meeting summary" }).ClickAsync();
        await Assertions.Expect(ada.Page.GetByRole(AriaRole.List, new() { Name = "Tasks created" })).ToContainTextAsync("Fix the login page");
        await Assertions.Expect(ada.Page.GetByRole(AriaRole.List, new() { Name = "Attendees" })).ToContainTextAsync("Bob");
        await SummaryListsTheRecordingWhoseLinkDownloadsItAsync(ada.Page, adaCamera);
        await ada.Page.GotoAsync($"/projects/{projectId}/meetings", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(ada.Page.GetByRole(AriaRole.Table, new() { Name = "Meetings" })).ToContainTextAsync("Fix the login page");
    }

    [LoopbackNamespaceFact]
    public async Task A_dropped_hub_connection_shows_the_banner_then_resumes_the_same_participant_with_media_flowing()
    {
        var ada = await SignInAsync(app, "Ada");
        var bob = await SignInAsync(app, "Bob");
        string projectId = await ProjectWithMemberAsync(app, ada, bob);
        var hub = await HubSockets.RouteAsync(ada.Page.Context);

        await OpenProjectRoomAsync(ada, projectId, "Retro", create: true);
        await OpenProjectRoomAsync(bob, projectId, "Retro", create: false);
        await JoinAsync(ada);
        await JoinAsync(bob);
        await WaitPlayingAsync(ada.Page, "Bob");
        await WaitPlayingAsync(bob.Page, "Ada");

        // Ada's hub connection goes for 5 s: reconnect attempts are refused meanwhile.
        await hub.DropAsync();
        await Assertions.Expect(ada.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reconnecting" })).ToBeVisibleAsync();
        await Assertions.Expect(Tile(bob.Page, "Ada")).ToContainTextAsync("reconnecting");
        await ScreenshotAsync(ada.Page, "meeting-reconnecting");
        await Task.Delay(TimeSpan.FromSeconds(5));
        hub.Restore();

        // Resumed: the banner goes, Bob sees the same Ada connected again, media flows both ways, chat works.
        await Assertions.Expect(ada.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reconnecting" })).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Assertions.Expect(Tile(bob.Page, "Ada")).Not.ToContainTextAsync("reconnecting");
        await Assertions.Expect(Tile(bob.Page, "Ada")).ToHaveCountAsync(1);
        Assert.True(hub.Connections >= 2, $"the page should have connected again ({hub.Connections} connections)");
        await WaitPlayingAsync(bob.Page, "Ada");
        await WaitPlayingAsync(ada.Page, "Bob");
        await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }).ClickAsync();
        await SendChatAsync(ada.Page, "Back again");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Chat, 1 unread" }).ClickAsync();
        await Assertions.Expect(ChatLog(bob.Page)).ToContainTextAsync("Back again");
        await ScreenshotAsync(ada.Page, "meeting-resumed");
    }

    [LoopbackNamespaceFact]
    public async Task An_outsider_opens_the_invite_link_on_a_phone_joins_the_call_and_switches_microphone_in_it()
    {
        var ada = await SignInAsync(app, "Ada");
        var carol = await SignInAsync(app, "Carol", width: 360, height: 740); // signed in, in no project of Ada's
        var project = await app.Server.PostAsync(ada.Account, "/api/projects", new { name = "Private" });
        string projectId = project.GetProperty("id").GetString()!;

        await OpenProjectRoomAsync(ada, projectId, "Interview", create: true);
        await JoinAsync(ada);
        await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Copy invite link" }).ClickAsync();
        var notice = ada.Page.GetByText("Invite link copied:");
        await Assertions.Expect(notice).ToBeVisibleAsync();
        string link = Regex.Match(await notice.InnerTextAsync(), @"https?://\S+").Value;
        Assert.Contains("/invite/", link);

        // Carol cannot see the room or its project, but the link takes her to its pre-join screen and into the call.
        await carol.Page.GotoAsync(link);
        await Assertions.Expect(carol.Page).ToHaveURLAsync(new Regex(@"/rooms/[^/?]+\?invite=."));
        await Assertions.Expect(carol.Page.GetByRole(AriaRole.Button, new() { Name = "Join now" })).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await JoinAsync(carol);
        await WaitPlayingAsync(ada.Page, "Carol");
        await WaitPlayingAsync(carol.Page, "Ada");

        // In the call, at 360 px: the device picker switches the microphone (the same call goes on).
        await carol.Page.GetByRole(AriaRole.Button, new() { Name = "Camera and microphone" }).ClickAsync();
        var dialog = carol.Page.GetByRole(AriaRole.Dialog, new() { Name = "Camera and microphone" });
        var microphone = dialog.GetByRole(AriaRole.Combobox, new() { Name = "Microphone" });
        await Assertions.Expect(microphone).ToBeEnabledAsync();
        string before = await microphone.InnerTextAsync();
        await microphone.ClickAsync();
        var other = carol.Page.GetByRole(AriaRole.Option).Filter(new() { HasNotText = before.Trim() }).Last;
        string chosen = (await other.InnerTextAsync()).Trim();
        await other.ClickAsync();
        await Assertions.Expect(microphone).ToHaveTextAsync(chosen);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(carol.Page, "device picker at 360 px");
        await ScreenshotAsync(carol.Page, "meeting-devices-360");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        await WaitPlayingAsync(ada.Page, "Carol");
        await Accessibility.AssertNoSeriousViolationsAsync(carol.Page, "call at 360 px");
        await ScreenshotAsync(carol.Page, "meeting-call-360");
        var width = await carol.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the call scrolls sideways at 360 px ({width} px wide)");
    }

    /// <summary>
    /// The meeting summary's Recordings section lists the call's recording; its download links (fetched on demand)
    /// name each file, and Ada's camera link downloads her camera's WebM in the browser, which ffprobe reads.
    /// </summary>
    private static async Task SummaryListsTheRecordingWhoseLinkDownloadsItAsync(IPage page, JsonElement camera)
    {
        var recordings = page.GetByRole(AriaRole.List, new() { Name = "Recordings" });
        await Assertions.Expect(recordings.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Assertions.Expect(recordings).ToContainTextAsync("completed");
        await recordings.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Get download links") }).ClickAsync();
        var link = recordings.GetByRole(AriaRole.Link, new() { Name = "Download Ada's camera", Exact = true });
        await Assertions.Expect(link).ToBeVisibleAsync();
        await Assertions.Expect(recordings.GetByRole(AriaRole.Link, new() { Name = "Download Bob's screen share", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(recordings.GetByRole(AriaRole.Link, new() { Name = "Download Bob's microphone", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "meeting summary with a recording");
        await ScreenshotAsync(page, "meeting-summary-recording");

        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal(camera.GetProperty("trackId").GetString() + ".webm", download.SuggestedFilename);
        string file = await download.PathAsync();
        Assert.Equal(camera.GetProperty("bytes").GetInt64(), new FileInfo(file).Length);
        var stream = Assert.Single((await MediaTools.ProbeAsync(file)).Streams);
        Assert.Equal(("video", camera.GetProperty("codec").GetString()), (stream.Type, stream.Codec));
        Assert.Equal((camera.GetProperty("width").GetInt32(), camera.GetProperty("height").GetInt32()), (stream.Width, stream.Height));
    }
}
