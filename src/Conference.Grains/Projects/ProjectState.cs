using Conference.Projects;

namespace Conference.Grains.Projects;

[GenerateSerializer, Alias("conference.ProjectState")]
public sealed record ProjectState
{
    [Id(0)] public Project? Project { get; init; }

    [Id(1)] public Dictionary<string, ProjectMember> Members { get; init; } = new(StringComparer.Ordinal);
}
