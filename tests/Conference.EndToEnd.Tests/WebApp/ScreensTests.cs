using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Conference.EndToEnd.Tests.Meetings;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>
/// Issue 11, proof 4 (project screens): a project with milestones, tasks of every type, comments and history,
/// seeded through the REST API; then each screen is opened in the browser, waited for, screenshotted (desktop, and
/// the board at 360 px) and checked with axe-core: no serious or critical violation.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ScreensTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Board_drawer_roadmap_reports_and_the_other_screens_render_their_data_and_pass_axe()
    {
        var email = AppUser.Email("ada");
        var seed = await Seed.CreateAsync(app.Server, email);
        var page = await app.NewPageAsync(1280, 900);

        await page.GotoAsync("/signin");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "sign-in");
        await TestArtifacts.ScreenshotAsync(page, "signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppUser.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Projects" })).ToContainTextAsync("Apollo");
        await Check(page, "projects");

        await page.GotoAsync($"/projects/{seed.ProjectId}/board");
        await Assertions.Expect(BoardScreen.CardIn(page, "done", "Design the lander")).ToBeVisibleAsync();
        await Assertions.Expect(BoardScreen.CardIn(page, "in_progress", "Crash on login")).ToContainTextAsync("urgent", new() { IgnoreCase = true });
        await Check(page, "board");

        await BoardScreen.Card(page, "Crash on login").GetByText("Crash on login").ClickAsync();
        var drawer = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(drawer.GetByLabel("Steps to reproduce")).ToHaveValueAsync("Open the app, sign in");
        await Check(page, "task-drawer");
        await drawer.GetByRole(AriaRole.Tab, new() { Name = "Comments" }).ClickAsync();
        await Assertions.Expect(drawer.GetByRole(AriaRole.List, new() { Name = "Comments" })).ToContainTextAsync("@Ada");
        await Check(page, "task-drawer-comments");
        await drawer.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await Assertions.Expect(drawer.GetByRole(AriaRole.List, new() { Name = "History" })).ToContainTextAsync("Workflow status");
        await Check(page, "task-drawer-history");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close task" }).ClickAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Roadmap" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("milestone").First).ToContainTextAsync("Alpha");
        await Assertions.Expect(page.GetByTestId("milestone").First).ToContainTextAsync("1/2 tasks");
        await Check(page, "roadmap");
        // The milestone form: a new milestone joins the timeline.
        await page.GetByRole(AriaRole.Button, new() { Name = "New milestone" }).ClickAsync();
        await page.GetByLabel("Milestone name").FillAsync("Gamma");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add milestone" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("milestone").Filter(new() { HasText = "Gamma" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Reports" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Figure, new() { Name = "Tasks by status" })).ToContainTextAsync("5 tasks");
        await Assertions.Expect(page.Locator("figure svg").First).ToBeVisibleAsync();
        await Check(page, "reports");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Members" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Project members" })).ToContainTextAsync("Grace");
        await Check(page, "members");

        await page.GotoAsync("/search?q=crash");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Search results" })).ToContainTextAsync("Crash on login");
        await Check(page, "search");

        await page.GotoAsync("/notifications");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Notifications" })).ToBeVisibleAsync();
        await Check(page, "notifications");

        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Users" })).ToContainTextAsync("Grace");
        await Check(page, "users");
        await page.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
        var newUser = page.GetByRole(AriaRole.Dialog, new() { Name = "New user" });
        await newUser.GetByLabel("Name").FillAsync("Linus");
        await newUser.GetByLabel("Email").FillAsync("not an email");
        await newUser.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(newUser.GetByLabel("Email")).ToHaveAttributeAsync("aria-invalid", "true"); // the server's field error, next to the field
        await Assertions.Expect(newUser.GetByRole(AriaRole.Alert)).ToContainTextAsync("valid email");
        await Check(page, "users-new-user-error");
        await newUser.GetByLabel("Email").FillAsync(AppUser.Email("linus"));
        await newUser.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Users" })).ToContainTextAsync("Linus");

        var phone = await app.NewPageAsync(360, 740);
        await phone.GotoAsync("/signin");
        await phone.GetByLabel("Email").FillAsync(email);
        await phone.GetByLabel("Password").FillAsync(AppUser.Password);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await phone.WaitForURLAsync("**/projects");
        await phone.GotoAsync($"/projects/{seed.ProjectId}/board");
        await Assertions.Expect(BoardScreen.CardIn(phone, "todo", "Write the manual")).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), "the page scrolls sideways at 360 px");
        await Check(phone, "board-360px", fullPage: false);
    }

    private static async Task Check(IPage page, string screen, bool fullPage = true)
    {
        await TestArtifacts.ScreenshotAsync(page, screen, fullPage);
        await Accessibility.AssertNoSeriousViolationsAsync(page, screen);
    }

    /// <summary>The data the screens show, made through the REST API as the admin (the first account).</summary>
    private sealed record Seed(string ProjectId)
    {
        public static async Task<Seed> CreateAsync(ConferenceServer server, string email)
        {
            await server.PostAsync(null, "/api/auth/register", new { name = "Ada", email, password = AppUser.Password });
            var login = await server.PostAsync(null, "/api/auth/login", new { email, password = AppUser.Password });
            var admin = new ServerUser("", "Ada", login.GetProperty("accessToken").GetString()!);
            var adminId = (await Send(server, admin, HttpMethod.Get, "/api/me", null)).GetProperty("user").GetProperty("id").GetString()!;
            var grace = await server.CreateUserAsync("Grace");

            var project = Id(await server.PostAsync(admin, "/api/projects", new { name = "Apollo", description = "Land on the moon", status = "active" }));
            await server.PostAsync(admin, $"/api/projects/{project}/members", new { userId = grace.Id });
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var alpha = Id(await server.PostAsync(admin, $"/api/projects/{project}/milestones",
                new { name = "Alpha", startDate = today.AddDays(-10).ToString("O"), dueDate = today.AddDays(10).ToString("O") }));
            await server.PostAsync(admin, $"/api/projects/{project}/milestones",
                new { name = "Beta", startDate = today.AddDays(5).ToString("O"), dueDate = today.AddDays(30).ToString("O") });

            var lander = Id(await server.PostAsync(admin, $"/api/projects/{project}/tasks",
                new { name = "Design the lander", type = "story", priority = "high", estimate = 5, milestoneId = alpha, labels = new[] { "hardware" } }));
            var crash = Id(await server.PostAsync(admin, $"/api/projects/{project}/tasks", new
            {
                name = "Crash on login", type = "bug", priority = "urgent", severity = "critical", assignee = grace.Id,
                stepsToReproduce = "Open the app, sign in", environment = "Chromium", affectedVersion = "1.0",
                dueDate = today.AddDays(-1).ToString("O"), labels = new[] { "auth", "ui" }, milestoneId = alpha,
            }));
            await server.PostAsync(admin, $"/api/projects/{project}/tasks", new { name = "Write the manual", priority = "low", assignee = adminId, dueDate = today.AddDays(20).ToString("O") });
            await server.PostAsync(admin, $"/api/projects/{project}/tasks", new { name = "Moon landing", type = "epic" });
            await server.PostAsync(admin, $"/api/projects/{project}/tasks", new { name = "Review telemetry", labels = new[] { "data" } });

            await Send(server, admin, HttpMethod.Patch, $"/api/tasks/{lander}", new { workflowStatus = "in_progress" });
            await Send(server, admin, HttpMethod.Patch, $"/api/tasks/{lander}", new { workflowStatus = "done" });
            await Send(server, admin, HttpMethod.Patch, $"/api/tasks/{crash}", new { workflowStatus = "in_progress" });
            await server.PostAsync(grace, $"/api/tasks/{crash}/comments", new { text = $"@{adminId} it happens on every sign-in" });
            return new Seed(project);
        }

        private static string Id(JsonElement created) => created.GetProperty("id").GetString()!;

        private static async Task<JsonElement> Send(ConferenceServer server, ServerUser caller, HttpMethod method, string path, object? body)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = new("Bearer", caller.AccessToken);
            using var response = await server.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
