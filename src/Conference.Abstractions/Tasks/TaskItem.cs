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

[GenerateSerializer, Alias("conference.TaskType")]
public enum TaskType
{
    Task = 0,
    Bug = 1,
    Story = 2,
    Epic = 3,
}

[GenerateSerializer, Alias("conference.BugSeverity")]
public enum BugSeverity
{
    Minor = 0,
    Major = 1,
    Critical = 2,
    Blocker = 3,
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
    [property: Id(10)] long Version,
    [property: Id(11)] TaskType Type = TaskType.Task,
    [property: Id(12)] string[]? Labels = null,
    [property: Id(13)] double? Estimate = null,
    [property: Id(14)] string? ParentId = null,
    [property: Id(15)] string? MilestoneId = null,
    [property: Id(16)] string[]? BlockedBy = null,
    [property: Id(17)] BugSeverity? Severity = null,
    [property: Id(18)] string? StepsToReproduce = null,
    [property: Id(19)] string? Environment = null,
    [property: Id(20)] string? AffectedVersion = null,
    [property: Id(21)] string? FixedInVersion = null,
    [property: Id(22)] string? WorkflowStatus = null) : Common.IVersioned;

[Immutable, GenerateSerializer, Alias("conference.TaskInput")]
public sealed record TaskInput(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] TaskItemStatus? Status,
    [property: Id(3)] string? Assignee,
    [property: Id(4)] TaskPriority? Priority,
    [property: Id(5)] DateOnly? DueDate,
    [property: Id(6)] TaskType? Type = null,
    [property: Id(7)] string[]? Labels = null,
    [property: Id(8)] double? Estimate = null,
    [property: Id(9)] string? ParentId = null,
    [property: Id(10)] string? MilestoneId = null,
    [property: Id(11)] string[]? BlockedBy = null,
    [property: Id(12)] BugSeverity? Severity = null,
    [property: Id(13)] string? StepsToReproduce = null,
    [property: Id(14)] string? Environment = null,
    [property: Id(15)] string? AffectedVersion = null,
    [property: Id(16)] string? FixedInVersion = null,
    [property: Id(17)] string? WorkflowStatus = null);

[Immutable, GenerateSerializer, Alias("conference.TaskSummary")]
public sealed record TaskSummary(
    [property: Id(0)] TaskItemStatus Status,
    [property: Id(1)] string? Assignee,
    [property: Id(2)] TaskPriority Priority,
    [property: Id(3)] DateOnly? DueDate,
    [property: Id(4)] TaskType Type = TaskType.Task,
    [property: Id(5)] string? MilestoneId = null,
    [property: Id(6)] string? ParentId = null,
    [property: Id(7)] BugSeverity? Severity = null,
    [property: Id(8)] string[]? Labels = null,
    [property: Id(9)] string? WorkflowStatus = null,
    [property: Id(10)] string[]? BlockedBy = null);

[Immutable, GenerateSerializer, Alias("conference.TaskFilter")]
public sealed record TaskFilter(
    [property: Id(0)] TaskItemStatus? Status = null,
    [property: Id(1)] string? Assignee = null,
    [property: Id(2)] TaskPriority? Priority = null,
    [property: Id(3)] DateOnly? DueBefore = null,
    [property: Id(4)] TaskType? Type = null,
    [property: Id(5)] string? MilestoneId = null,
    [property: Id(6)] string? ParentId = null,
    [property: Id(7)] BugSeverity? Severity = null,
    [property: Id(8)] string? Label = null,
    [property: Id(9)] string? WorkflowStatus = null,
    [property: Id(10)] string? BlockedBy = null);

/// <summary>What dependency and hierarchy checks read from another task; served interleaved so checks never deadlock.</summary>
[Immutable, GenerateSerializer, Alias("conference.TaskLinks")]
public sealed record TaskLinks(
    [property: Id(0)] string ProjectId,
    [property: Id(1)] TaskType Type,
    [property: Id(2)] string[] BlockedBy,
    [property: Id(3)] TaskItemStatus Status);

[Immutable, GenerateSerializer, Alias("conference.LabelUsage")]
public sealed record LabelUsage([property: Id(0)] string Name, [property: Id(1)] int Tasks);
