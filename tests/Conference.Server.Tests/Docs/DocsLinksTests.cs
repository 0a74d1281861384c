using System.Text.RegularExpressions;

namespace Conference.Server.Tests.Docs;

/// <summary>
/// The docs name files: every relative Markdown link, and every repository path written in backticks (`src/…`,
/// `tests/…`, `Hosting/ClusterHosting.cs`), must exist, so docs cannot keep pointing at files that moved or never were.
/// </summary>
public sealed partial class DocsLinksTests
{
    private static readonly string Root = RepositoryRoot();

    public static TheoryData<string> Documents() => [.. DocumentPaths()];

    private static IEnumerable<string> DocumentPaths() =>
        Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Prepend(Path.Combine(Root, "README.md"))
            .Concat(Directory.GetFiles(Path.Combine(Root, "tests"), "README.md", SearchOption.AllDirectories).Where(p => !p.Contains("node_modules")))
            .Concat(Directory.GetFiles(Path.Combine(Root, "src"), "README.md", SearchOption.AllDirectories).Where(p => !p.Contains("node_modules")))
            .Select(p => Path.GetRelativePath(Root, p));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_and_named_path_exists(string document)
    {
        var text = File.ReadAllText(Path.Combine(Root, document));
        var folder = Path.GetDirectoryName(Path.Combine(Root, document))!;
        var missing = new List<string>();

        foreach (Match link in MarkdownLink().Matches(text))
        {
            var target = link.Groups[1].Value.Split('#')[0];
            if (target.Length == 0 || target.StartsWith('/') || target.Contains("://") || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            if (!Exists(Path.GetFullPath(Path.Combine(folder, target)))) missing.Add($"link {target}");
        }
        foreach (Match code in CodeSpan().Matches(text))
        {
            var path = code.Groups[1].Value.TrimEnd('/');
            if (!LooksLikePath(path)) continue;
            if (!Exists(Path.Combine(Root, path)) && !Exists(Path.Combine(folder, path)) && !SomewhereInRepository(path)) missing.Add($"path {path}");
        }

        Assert.True(missing.Count == 0, $"{document} names what does not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void No_document_names_an_absolute_machine_path()
    {
        var offenders = DocumentPaths()
            .Where(d => AbsolutePath().IsMatch(File.ReadAllText(Path.Combine(Root, d)))).ToList();

        Assert.Empty(offenders);
    }

    /// <summary>A path: no spaces or placeholders, and either rooted in a top-level folder or a file with an extension.</summary>
    private static bool LooksLikePath(string text)
    {
        if (text.Contains(' ') || text.Contains('{') || text.Contains('*') || text.Contains('<') || text.Contains('=') || text.Contains(':')
            || text.StartsWith('/') || text.StartsWith('-') || text.StartsWith('.') || !text.Contains('/')) return false;
        var top = text.Split('/')[0];
        return top is "src" or "tests" or "docs" or "benchmarks" or "k8s" or ".ci"
            || SourceFile().IsMatch(text);
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>Short forms like `Hosting/ClusterHosting.cs` name a file by its tail inside a project.</summary>
    private static bool SomewhereInRepository(string tail) =>
        AllFiles.Value.Any(f => f.EndsWith("/" + tail, StringComparison.Ordinal))
        || AllFiles.Value.Any(f => f.Contains("/" + tail + "/", StringComparison.Ordinal));

    private static readonly Lazy<string[]> AllFiles = new(() =>
        [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/node_modules/") && !f.Contains("/bin/") && !f.Contains("/obj/") && !f.Contains("/.git/"))
            .Select(f => f.Replace('\\', '/'))]);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conference.sln"))) return dir.FullName;
        throw new InvalidOperationException("Conference.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"(?<!\!)\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\.(cs|md|json|mjs|js|ts|tsx|sh|yaml|yml|csproj|props|sln)$")]
    private static partial Regex SourceFile();

    [GeneratedRegex(@"(?<![\w.])/(work|home|root|Users|tmp/bash_jobs)/[\w.-]+")]
    private static partial Regex AbsolutePath();
}
