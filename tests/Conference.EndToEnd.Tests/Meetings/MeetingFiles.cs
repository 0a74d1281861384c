namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Where the meeting tests find things in the repository (found by walking up from the test binaries to
/// Conference.sln): the server's build output and the test client page, served from the source folder so the
/// project needs no extra content items.
/// </summary>
public static class MeetingFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string PageFolder => Path.Combine(RepositoryRoot, "tests", "Conference.EndToEnd.Tests", "Meetings");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conference.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Conference.sln not found above {AppContext.BaseDirectory}.");
    }
}
