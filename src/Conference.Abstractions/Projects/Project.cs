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

/// <summary>The catalog's view of a project: enough to filter by status and by who may see it.</summary>
[Immutable, GenerateSerializer, Alias("conference.ProjectSummary")]
public sealed record ProjectSummary([property: Id(0)] ProjectStatus Status, [property: Id(1)] string[] Members)
{
    public ProjectSummary(ProjectStatus status) : this(status, []) { }
}

/// <param name="MemberId">Only projects this user is a member of; null for every project (admins).</param>
[Immutable, GenerateSerializer, Alias("conference.ProjectFilter")]
public sealed record ProjectFilter([property: Id(0)] ProjectStatus? Status = null, [property: Id(1)] string? MemberId = null);

[GenerateSerializer, Alias("conference.ProjectRole")]
public enum ProjectRole
{
    Member = 0,
    Owner = 1,
}

[Immutable, GenerateSerializer, Alias("conference.ProjectMember")]
public sealed record ProjectMember([property: Id(0)] string UserId, [property: Id(1)] ProjectRole Role, [property: Id(2)] DateTimeOffset AddedAt);

[Immutable, GenerateSerializer, Alias("conference.ProjectMemberInput")]
public sealed record ProjectMemberInput([property: Id(0)] string? UserId, [property: Id(1)] ProjectRole? Role);

/// <summary>What access checks need to know about a caller and a project.</summary>
[Immutable, GenerateSerializer, Alias("conference.ProjectAccess")]
public sealed record ProjectAccess([property: Id(0)] bool Exists, [property: Id(1)] ProjectRole? Role);
