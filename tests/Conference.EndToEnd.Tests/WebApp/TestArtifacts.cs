using Conference.EndToEnd.Tests.Meetings;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>
/// Where the browser tests save screenshots: CONFERENCE_TEST_RESULTS (tests/run.sh points it at its results folder)
/// or TestResults/web in the repository (git-ignored).
/// </summary>
public static class TestArtifacts
{
    public static string Folder { get; } = Create();

    public static Task<byte[]> ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}.png"), FullPage = fullPage });

    private static string Create()
    {
        var root = Environment.GetEnvironmentVariable("CONFERENCE_TEST_RESULTS") is { Length: > 0 } results
            ? results
            : Path.Combine(MeetingFiles.RepositoryRoot, "TestResults");
        return Directory.CreateDirectory(Path.Combine(root, "web-screens")).FullName;
    }
}
