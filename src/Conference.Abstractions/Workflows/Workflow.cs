using Conference.Reports;
using Conference.Tasks;

namespace Conference.Workflows;

/// <summary>One status of a project's workflow: a stable key (what tasks store), a display name, the category reports use.</summary>
[Immutable, GenerateSerializer, Alias("conference.WorkflowStatus")]
public sealed record WorkflowStatus(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] StatusCategory Category);

/// <summary>A project's statuses in board order. Renaming changes a name, never a key, so tasks keep their status.</summary>
[Immutable, GenerateSerializer, Alias("conference.Workflow")]
public sealed record Workflow([property: Id(0)] IReadOnlyList<WorkflowStatus> Statuses, [property: Id(1)] long Version) : Common.IVersioned
{
    /// <summary>The seed's five statuses: what every project has until it customises its workflow.</summary>
    public static readonly Workflow Default = new(
    [
        new("todo", "To do", StatusCategory.Todo),
        new("in_progress", "In progress", StatusCategory.InProgress),
        new("in_review", "In review", StatusCategory.InProgress),
        new("done", "Done", StatusCategory.Done),
        new("cancelled", "Cancelled", StatusCategory.Cancelled),
    ], 1);

    public WorkflowStatus? Find(string key) => Statuses.FirstOrDefault(s => s.Key == key);

    /// <summary>
    /// The base status that stands for a workflow status: the one of the same key (the seed's statuses), else the
    /// first of its category.
    /// </summary>
    public static TaskItemStatus BaseStatusOf(WorkflowStatus status) =>
        Enum.GetValues<TaskItemStatus>().Where(s => Activity.ActivityValues.Text(s) == status.Key).Cast<TaskItemStatus?>().FirstOrDefault()
        ?? status.Category switch
        {
            StatusCategory.InProgress => TaskItemStatus.InProgress,
            StatusCategory.Done => TaskItemStatus.Done,
            StatusCategory.Cancelled => TaskItemStatus.Cancelled,
            _ => TaskItemStatus.Todo,
        };

    /// <summary>The workflow status a base status means here: the one of the same key, else the first of its category.</summary>
    public WorkflowStatus? StatusFor(TaskItemStatus status) =>
        Find(Activity.ActivityValues.Text(status)!) ?? Statuses.FirstOrDefault(s => s.Category == StatusCategories.Of(status));
}

[Immutable, GenerateSerializer, Alias("conference.WorkflowStatusInput")]
public sealed record WorkflowStatusInput(
    [property: Id(0)] string? Key,
    [property: Id(1)] string? Name,
    [property: Id(2)] StatusCategory? Category);

[Immutable, GenerateSerializer, Alias("conference.WorkflowInput")]
public sealed record WorkflowInput([property: Id(0)] IReadOnlyList<WorkflowStatusInput>? Statuses);
