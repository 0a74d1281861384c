namespace Conference.Tasks;

[GenerateSerializer, Alias("conference.TaskItemStatus")]
public enum TaskItemStatus
{
    Todo = 0,
    InProgress = 1,
    InReview = 2,
    Done = 3,
    Cancelled = 4,
}

[GenerateSerializer, Alias("conference.TaskPriority")]
public enum TaskPriority
{
    Medium = 0,
    Low = 1,
    High = 2,
    Urgent = 3,
}

/// <summary>A task of a project ("task" in the API; named TaskItem to stay clear of System.Threading.Tasks).</summary>
[Immutable, GenerateSerializer, Alias("conference.TaskItem")]
public sealed record TaskItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string ProjectId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Description,
    [property: Id(4)] TaskItemStatus Status,
    [property: Id(5)] string? Assignee,
    [property: Id(6)] TaskPriority Priority,
    [property: Id(7)] DateOnly? DueDate,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] long Version) : Common.IVersioned;

[Immutable, GenerateSerializer, Alias("conference.TaskInput")]
public sealed record TaskInput(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] TaskItemStatus? Status,
    [property: Id(3)] string? Assignee,
    [property: Id(4)] TaskPriority? Priority,
    [property: Id(5)] DateOnly? DueDate);

[Immutable, GenerateSerializer, Alias("conference.TaskSummary")]
public sealed record TaskSummary(
    [property: Id(0)] TaskItemStatus Status,
    [property: Id(1)] string? Assignee,
    [property: Id(2)] TaskPriority Priority,
    [property: Id(3)] DateOnly? DueDate);

[Immutable, GenerateSerializer, Alias("conference.TaskFilter")]
public sealed record TaskFilter(
    [property: Id(0)] TaskItemStatus? Status = null,
    [property: Id(1)] string? Assignee = null,
    [property: Id(2)] TaskPriority? Priority = null,
    [property: Id(3)] DateOnly? DueBefore = null);
