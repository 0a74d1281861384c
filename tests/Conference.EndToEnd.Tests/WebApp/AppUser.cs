using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>What a person does in the web app, through its labelled controls (the way a screen reader user would).</summary>
public static class AppUser
{
    public const string Password = "a long web passphrase";

    public static string Email(string name) => $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";

    /// <summary>Signs up through the sign-up page and waits for the projects screen.</summary>
    public static async Task SignUpAsync(IPage page, string name, string email)
    {
        await page.GotoAsync("/signup");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync("**/projects");
    }
}
