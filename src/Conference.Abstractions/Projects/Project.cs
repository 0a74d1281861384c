namespace Conference.Projects;

[GenerateSerializer, Alias("conference.ProjectStatus")]
public enum ProjectStatus
{
    Planned = 0,
    Active = 1,
    OnHold = 2,
    Completed = 3,
    Archived = 4,
}

[Immutable, GenerateSerializer, Alias("conference.Project")]
public sealed record Project(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] ProjectStatus Status,
    [property: Id(4)] DateOnly? StartDate,
    [property: Id(5)] DateOnly? EndDate,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] long Version) : Common.IVersioned;

[Immutable, GenerateSerializer, Alias("conference.ProjectInput")]
public sealed record ProjectInput(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] ProjectStatus? Status,
    [property: Id(3)] DateOnly? StartDate,
    [property: Id(4)] DateOnly? EndDate);

[Immutable, GenerateSerializer, Alias("conference.ProjectSummary")]
public sealed record ProjectSummary([property: Id(0)] ProjectStatus Status);

[Immutable, GenerateSerializer, Alias("conference.ProjectFilter")]
public sealed record ProjectFilter([property: Id(0)] ProjectStatus? Status = null);
