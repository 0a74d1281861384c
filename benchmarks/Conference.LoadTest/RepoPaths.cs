namespace Conference.LoadTest;

/// <summary>Paths inside the repository, found from the build output (…/benchmarks/Conference.LoadTest/bin/…).</summary>
public static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conference.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Conference.sln) above the build output.");
    }

    public static string DefaultDocs() => Path.Combine(Root(), "docs", "benchmarks.md");

    /// <summary>Always the Release build: a Debug server would make the comparison meaningless.</summary>
    public static string ServerDll()
    {
        var dll = Path.Combine(Root(), "src", "Conference.Server", "bin", "Release", "net10.0", "Conference.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first: dotnet build -c Release src/Conference.Server", dll);
    }
}
