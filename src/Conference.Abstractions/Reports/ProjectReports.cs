using Conference.Milestones;
using Conference.Tasks;

namespace Conference.Reports;

/// <summary>Counts keyed by the API spelling of the value (e.g. "in_progress"; assignees by user id, "unassigned").</summary>
[Immutable, GenerateSerializer, Alias("conference.ProjectReport")]
public sealed record ProjectReport(
    [property: Id(0)] int Total,
    [property: Id(1)] Dictionary<string, int> ByStatus,
    [property: Id(2)] Dictionary<string, int> ByStatusCategory,
    [property: Id(3)] Dictionary<string, int> ByAssignee,
    [property: Id(4)] Dictionary<string, int> ByPriority,
    [property: Id(5)] Dictionary<string, int> ByType,
    [property: Id(6)] Dictionary<string, int> BySeverity,
    [property: Id(7)] Dictionary<string, int> OpenBugsBySeverity,
    [property: Id(8)] IReadOnlyList<TaskRef> Overdue,
    [property: Id(9)] DateOnly AsOf,
    [property: Id(10)] Dictionary<string, int>? ByWorkflowStatus = null);

[Immutable, GenerateSerializer, Alias("conference.TaskRef")]
public sealed record TaskRef([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] DateOnly? DueDate);

/// <summary>Open work at the end of one day (UTC).</summary>
[Immutable, GenerateSerializer, Alias("conference.BurndownDay")]
public sealed record BurndownDay([property: Id(0)] DateOnly Date, [property: Id(1)] int Open, [property: Id(2)] double OpenPoints);

/// <summary>Work finished in the ISO week (Monday to Sunday, UTC) starting <see cref="WeekStart"/>.</summary>
[Immutable, GenerateSerializer, Alias("conference.VelocityWeek")]
public sealed record VelocityWeek([property: Id(0)] DateOnly WeekStart, [property: Id(1)] int Done, [property: Id(2)] double Points);

/// <summary>Hours from a task's first move to in-progress to its completion, over the tasks done now.</summary>
[Immutable, GenerateSerializer, Alias("conference.CycleTimeReport")]
public sealed record CycleTimeReport([property: Id(0)] int Count, [property: Id(1)] double? MedianHours, [property: Id(2)] double? P85Hours);

[Immutable, GenerateSerializer, Alias("conference.RoadmapMilestone")]
public sealed record RoadmapMilestone(
    [property: Id(0)] Milestone Milestone,
    [property: Id(1)] int Done,
    [property: Id(2)] int Total,
    [property: Id(3)] double PointsDone,
    [property: Id(4)] double PointsTotal,
    [property: Id(5)] IReadOnlyList<TaskRef> Epics,
    [property: Id(6)] IReadOnlyList<TaskAtRisk> AtRisk);

[Immutable, GenerateSerializer, Alias("conference.TaskAtRisk")]
public sealed record TaskAtRisk([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] string[] Reasons);

/// <summary>The base categories reports use; every status maps to one.</summary>
[GenerateSerializer, Alias("conference.StatusCategory")]
public enum StatusCategory
{
    Todo = 0,
    InProgress = 1,
    Done = 2,
    Cancelled = 3,
}

public static class StatusCategories
{
    public static StatusCategory Of(TaskItemStatus status) => status switch
    {
        TaskItemStatus.InProgress or TaskItemStatus.InReview => StatusCategory.InProgress,
        TaskItemStatus.Done => StatusCategory.Done,
        TaskItemStatus.Cancelled => StatusCategory.Cancelled,
        _ => StatusCategory.Todo,
    };

    public static bool IsOpen(TaskItemStatus status) => Of(status) is StatusCategory.Todo or StatusCategory.InProgress;
}
