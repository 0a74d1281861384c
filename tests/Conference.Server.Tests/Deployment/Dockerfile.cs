using System.Text.Json;
using System.Text.RegularExpressions;

namespace Conference.Server.Tests.Deployment;

/// <summary>The repository's Dockerfile, read as the image build would: its publish command, ENV, USER, ENTRYPOINT.</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(string text) => Text = text;

    public string Text { get; }

    public static Dockerfile Load() => new(File.ReadAllText(Path.Combine(RepositoryRoot(), "Dockerfile")));

    /// <summary>Logical instructions: continuation lines joined, comments dropped.</summary>
    public IReadOnlyList<string> Instructions =>
        ContinuationRegex().Replace(Text, " ").Split('\n')
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();

    /// <summary>The stages in order: (base image, instructions of that stage).</summary>
    public IReadOnlyList<(string From, IReadOnlyList<string> Instructions)> Stages
    {
        get
        {
            var stages = new List<(string, IReadOnlyList<string>)>();
            List<string>? current = null;
            foreach (var instruction in Instructions)
            {
                if (instruction.StartsWith("FROM ", StringComparison.Ordinal))
                {
                    current = [];
                    stages.Add((instruction.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], current));
                }
                else current?.Add(instruction);
            }
            return stages;
        }
    }

    /// <summary>The arguments after `dotnet` in the build stage's `RUN dotnet publish …`.</summary>
    public IReadOnlyList<string> PublishArguments =>
        Instructions.Single(i => i.StartsWith("RUN dotnet publish ", StringComparison.Ordinal))["RUN dotnet ".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyDictionary<string, string> Environment =>
        Stages[^1].Instructions.Where(i => i.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(i => EnvPairRegex().Matches(i[4..]).Select(m => (m.Groups[1].Value, m.Groups[2].Value)))
            .ToDictionary(p => p.Item1, p => p.Item2);

    public string FinalUser => Stages[^1].Instructions.Last(i => i.StartsWith("USER ", StringComparison.Ordinal))[5..].Trim();

    public string FinalWorkDir => Stages[^1].Instructions.Last(i => i.StartsWith("WORKDIR ", StringComparison.Ordinal))[8..].Trim();

    public IReadOnlyList<string> Entrypoint => ExecForm("ENTRYPOINT ");

    public IReadOnlyList<string> HealthcheckCommand
    {
        get
        {
            var line = Stages[^1].Instructions.Single(i => i.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
            return JsonSerializer.Deserialize<string[]>(line[(line.IndexOf(" CMD ", StringComparison.Ordinal) + 5)..])!;
        }
    }

    private IReadOnlyList<string> ExecForm(string instruction) =>
        JsonSerializer.Deserialize<string[]>(Stages[^1].Instructions.Single(i => i.StartsWith(instruction, StringComparison.Ordinal))[instruction.Length..])!;

    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Conference.sln"))) root = root.Parent;
        return root?.FullName ?? throw new InvalidOperationException("Cannot find the repository root.");
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuationRegex();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")]
    private static partial Regex EnvPairRegex();
}
