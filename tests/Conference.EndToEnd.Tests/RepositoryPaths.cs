namespace Conference.EndToEnd.Tests;

/// <summary>Where the node interop project lives: found by walking up from the test binaries to the repository root.</summary>
public static class RepositoryPaths
{
    public static string InteropFolder { get; } = FindInteropFolder();

    private static string FindInteropFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new InvalidOperationException($"tests/interop not found above {AppContext.BaseDirectory}.");
    }
}
