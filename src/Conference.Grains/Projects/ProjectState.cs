using Conference.Projects;

namespace Conference.Grains.Projects;

[GenerateSerializer, Alias("conference.ProjectState")]
public sealed record ProjectState
{
    [Id(0)] public Project? Project { get; init; }
}
