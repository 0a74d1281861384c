using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>
/// Issue 11, proof 1: two people in two browser contexts on one board. The admin signs up, creates a project, adds
/// the other as a member and three tasks, drags one to Done: the member's board shows the move without a reload.
/// Then a stale drag (the member did not get the admin's second move) is answered with the conflict message, and
/// Reload shows the admin's version.
/// </summary>
[Trait("Category", "Browser")]
public sealed class BoardProofTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task A_board_move_reaches_the_other_member_live_and_a_stale_drag_gets_the_conflict_message()
    {
        // Wide enough for the first four columns side by side (the drags go from To do to Done).
        var admin = await app.NewPageAsync(1600, 900);
        var member = await app.NewPageAsync(1600, 900);
        var cspErrors = new List<string>();
        foreach (var page in new[] { admin, member })
            page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) lock (cspErrors) cspErrors.Add(m.Text); };

        await AppUser.SignUpAsync(admin, "Ada", AppUser.Email("ada"));
        await AppUser.SignUpAsync(member, "Grace", AppUser.Email("grace"));

        // The admin creates the project and adds Grace.
        await admin.GetByRole(AriaRole.Button, new() { Name = "New project" }).ClickAsync();
        await admin.GetByLabel("Name").FillAsync("Apollo");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await admin.WaitForURLAsync(new Regex("/projects/[a-z0-9]+/board$"));
        var boardUrl = new Uri(admin.Url).AbsolutePath;

        await admin.GetByRole(AriaRole.Tab, new() { Name = "Members" }).ClickAsync();
        await admin.GetByLabel("Add a person").FillAsync("Grace");
        await admin.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^Grace") }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.List, new() { Name = "Project members" })).ToContainTextAsync("Grace");

        await admin.GetByRole(AriaRole.Tab, new() { Name = "Board" }).ClickAsync();
        foreach (var name in new[] { "Launch checklist", "Fuel the rocket", "Paint the fins" })
            await BoardScreen.QuickAddAsync(admin, "todo", "To do", name);

        // The member's hub traffic goes through the test, which can hold back task updates (a stale board).
        var holdTaskUpdates = false;
        await member.RouteWebSocketAsync(new Regex("/hubs/conference"), ws =>
        {
            var server = ws.ConnectToServer();
            ws.OnMessage(frame => { if (frame.Text is { } text) server.Send(text); else server.Send(frame.Binary); });
            server.OnMessage(frame =>
            {
                if (frame.Text is { } text)
                {
                    if (!(Volatile.Read(ref holdTaskUpdates) && text.Contains("\"taskUpdated\""))) ws.Send(text);
                }
                else ws.Send(frame.Binary);
            });
        });
        await member.GotoAsync(boardUrl);
        await Assertions.Expect(BoardScreen.CardIn(member, "todo", "Fuel the rocket")).ToBeVisibleAsync();
        await Assertions.Expect(member.GetByTestId("task-card")).ToHaveCountAsync(3);

        // The admin drags one to Done; the member sees it arrive there, no reload.
        await BoardScreen.DragAsync(admin, "Launch checklist", "done");
        await Assertions.Expect(BoardScreen.CardIn(admin, "done", "Launch checklist")).ToBeVisibleAsync();
        await Assertions.Expect(BoardScreen.CardIn(member, "done", "Launch checklist")).ToBeVisibleAsync();
        await Assertions.Expect(BoardScreen.CardIn(member, "todo", "Launch checklist")).ToHaveCountAsync(0);

        // A stale drag: the member does not hear about the admin's next move and drags the same card.
        Volatile.Write(ref holdTaskUpdates, true);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Move Fuel the rocket" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "Move to In progress" }).ClickAsync();
        await Assertions.Expect(BoardScreen.CardIn(admin, "in_progress", "Fuel the rocket")).ToBeVisibleAsync();
        await Assertions.Expect(BoardScreen.CardIn(member, "todo", "Fuel the rocket")).ToBeVisibleAsync();

        await BoardScreen.DragAsync(member, "Fuel the rocket", "done");
        var conflict = member.GetByRole(AriaRole.Alert).Filter(new() { HasText = "changed by someone else" });
        await Assertions.Expect(conflict).ToContainTextAsync("“Fuel the rocket” was changed by someone else before your move");
        await Assertions.Expect(BoardScreen.CardIn(member, "todo", "Fuel the rocket")).ToBeVisibleAsync(); // the optimistic move is undone
        Volatile.Write(ref holdTaskUpdates, false);
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Assertions.Expect(BoardScreen.CardIn(member, "in_progress", "Fuel the rocket")).ToBeVisibleAsync();
        await Assertions.Expect(BoardScreen.CardIn(admin, "in_progress", "Fuel the rocket")).ToBeVisibleAsync(); // the admin's version stands

        await TestArtifacts.ScreenshotAsync(member, "proof1-member-board-after-conflict");
        Assert.Empty(cspErrors);
    }
}
