using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

[Trait("Category", "Browser")]
public sealed class SignUpTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task The_first_account_signed_up_in_the_browser_is_the_admin_and_a_reload_keeps_the_session()
    {
        var admin = await app.NewPageAsync();
        await admin.GotoAsync("/");
        // Signed out: / sends to sign-in. Polled, not awaited as a navigation event: the redirect is a history
        // replaceState that can land before the wait is set up (a CI run timed out here waiting for an event).
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex(@"/signin\?next="), new() { Timeout = 60_000 });
        await AppUser.SignUpAsync(admin, "Ada", AppUser.Email("ada"));

        await Assertions.Expect(admin.GetByTestId("current-user")).ToHaveTextAsync("Ada");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();

        await admin.ReloadAsync(); // the refresh token (rotated) restores the session
        await Assertions.Expect(admin.GetByTestId("current-user")).ToHaveTextAsync("Ada");

        var member = await app.NewPageAsync(360, 740);
        await AppUser.SignUpAsync(member, "Grace", AppUser.Email("grace"));
        await member.GetByRole(AriaRole.Button, new() { Name = "Open navigation" }).ClickAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Link, new() { Name = "Projects" })).ToBeVisibleAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A session that ends mid-work (a 401 that the refresh cannot cure: here the server's answers are replaced by 401s
    /// for a moment, as when the session was revoked) asks to sign in again over the page: what was typed stays, and
    /// the request that failed goes through after signing in.
    /// </summary>
    [Fact]
    public async Task A_session_that_ends_mid_work_asks_to_sign_in_over_the_page_and_keeps_what_was_typed()
    {
        var page = await app.NewPageAsync();
        string email = AppUser.Email("lin");
        await AppUser.SignUpAsync(page, "Lin", email);
        await page.GetByRole(AriaRole.Button, new() { Name = "New project" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Expiry");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/projects/[a-z0-9]+/board$"));

        var column = BoardScreen.Column(page, "todo");
        await column.GetByRole(AriaRole.Button, new() { Name = "Add task to To do" }).ClickAsync();
        var field = column.GetByLabel("New task in To do");
        await field.FillAsync("Written before the session ended");

        int refused = 0;
        await page.RouteAsync("**/api/**", route =>
        {
            Interlocked.Increment(ref refused);
            return route.FulfillAsync(new()
            {
                Status = 401,
                ContentType = "application/problem+json",
                Body = """{"type":"about:blank","title":"Unauthorized","status":401}""",
            });
        });
        await field.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Your session has ended" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        Assert.True(Volatile.Read(ref refused) >= 2, $"{refused} API requests refused (the create, then the refresh)");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "session ended dialog");
        await TestArtifacts.ScreenshotAsync(page, "session-ended");

        await page.UnrouteAllAsync();
        await Assertions.Expect(dialog.GetByLabel("Email")).ToHaveValueAsync(email);
        await dialog.GetByLabel("Password").FillAsync(AppUser.Password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        // The page stayed mounted: the create that failed was retried with the new session, and the task is there.
        await Assertions.Expect(BoardScreen.CardIn(page, "todo", "Written before the session ended")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(BoardScreen.CardIn(page, "todo", "Written before the session ended")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_answered_in_words_on_the_sign_in_page()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync("nobody@example.test");
        await page.GetByLabel("Password").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid email or password.");
    }

    /// <summary>
    /// The issue's budget: the JavaScript the sign-in page loads is at most 300 KB gzip (routes split, the signed-in
    /// layout and the hub client not in it). Counted as the server sends it to a client that accepts only gzip.
    /// </summary>
    [Fact]
    public async Task The_sign_in_page_loads_at_most_300_KB_of_gzip_JavaScript()
    {
        var page = await app.NewPageAsync();
        var scripts = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "script") lock (scripts) scripts.Add(response.Url);
        };
        await page.GotoAsync("/signin");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();

        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        long gzipBytes = 0;
        foreach (var url in scripts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsByteArrayAsync();
            // Precompressed at build time; only files under 1 KB are left as they are.
            if (body.Length > 1024) Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
            gzipBytes += body.Length;
        }
        Assert.NotEmpty(scripts);
        Assert.True(gzipBytes <= 300 * 1024, $"/signin loads {gzipBytes / 1024} KB of gzip JavaScript in {scripts.Count} files");
    }
}
