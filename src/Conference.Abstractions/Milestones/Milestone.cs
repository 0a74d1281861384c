namespace Conference.Milestones;

[GenerateSerializer, Alias("conference.MilestoneStatus")]
public enum MilestoneStatus
{
    Planned = 0,
    Active = 1,
    Completed = 2,
    Cancelled = 3,
}

/// <summary>A roadmap milestone of a project; tasks join it through their <c>milestoneId</c>.</summary>
[Immutable, GenerateSerializer, Alias("conference.Milestone")]
public sealed record Milestone(
    [property: Id(0)] string Id,
    [property: Id(1)] string ProjectId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Description,
    [property: Id(4)] DateOnly? StartDate,
    [property: Id(5)] DateOnly? DueDate,
    [property: Id(6)] MilestoneStatus Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] long Version) : Common.IVersioned;

[Immutable, GenerateSerializer, Alias("conference.MilestoneInput")]
public sealed record MilestoneInput(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Description = null,
    [property: Id(2)] DateOnly? StartDate = null,
    [property: Id(3)] DateOnly? DueDate = null,
    [property: Id(4)] MilestoneStatus? Status = null);

[Immutable, GenerateSerializer, Alias("conference.MilestoneSummary")]
public sealed record MilestoneSummary([property: Id(0)] MilestoneStatus Status, [property: Id(1)] DateOnly? DueDate);

[Immutable, GenerateSerializer, Alias("conference.MilestoneFilter")]
public sealed record MilestoneFilter([property: Id(0)] MilestoneStatus? Status = null);
