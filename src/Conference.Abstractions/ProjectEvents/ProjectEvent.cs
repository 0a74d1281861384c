namespace Conference.ProjectEvents;

/// <summary>
/// Something that changed in a project, as integrators (webhooks) and boards (live updates) see it. <see cref="Data"/>
/// is the resource after the change (the task before it, for a delete): a TaskItem, Comment or Milestone.
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.ProjectEvent")]
public sealed record ProjectEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string ProjectId,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] string? ActorId,
    [property: Id(5)] object Data);

/// <summary>The event types, spelled as webhook subscriptions name them.</summary>
public static class ProjectEventTypes
{
    public const string TaskCreated = "task.created";
    public const string TaskUpdated = "task.updated";
    public const string TaskDeleted = "task.deleted";
    public const string CommentCreated = "comment.created";
    public const string MilestoneUpdated = "milestone.updated";

    public static readonly IReadOnlyList<string> All = [TaskCreated, TaskUpdated, TaskDeleted, CommentCreated, MilestoneUpdated];

    /// <summary>The SignalR event name of a type: "task.created" → "taskCreated".</summary>
    public static string HubEventName(string type)
    {
        var dot = type.IndexOf('.');
        return dot < 0 ? type : string.Concat(type.AsSpan(0, dot), char.ToUpperInvariant(type[dot + 1]).ToString(), type.AsSpan(dot + 2));
    }
}
