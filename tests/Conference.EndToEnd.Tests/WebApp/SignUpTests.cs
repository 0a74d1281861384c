using System.Net;
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
        await admin.WaitForURLAsync("**/signin?next=*"); // signed out: / sends to sign-in
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
    /// The budget: the JavaScript the sign-in page loads is at most 300 KB gzip (routes split, the signed-in
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
