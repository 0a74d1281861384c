using System.Text.RegularExpressions;
using Conference.Activity;
using Conference.Grains.ProjectEvents;
using Conference.Notifications;
using Conference.ProjectEvents;
using Conference.Projects;
using Conference.Search;
using Conference.Tasks;
using Microsoft.Extensions.Logging;

namespace Conference.Grains.Tasks;

/// <summary>
/// What follows a task change that has landed: the search index, the activity history (one entry per changed
/// field) and the notifications. Both are best effort: a failure is logged, never turned into a failed write.
/// </summary>
internal sealed partial class TaskEvents(IGrainFactory grains, ILogger logger, DateTimeOffset now)
{
    private static readonly (string Field, Func<TaskItem, object?> Read)[] Fields =
    [
        ("name", t => t.Name), ("description", t => t.Description), ("status", t => t.Status), ("assignee", t => t.Assignee),
        ("priority", t => t.Priority), ("dueDate", t => t.DueDate), ("type", t => t.Type), ("labels", t => t.Labels),
        ("estimate", t => t.Estimate), ("parentId", t => t.ParentId), ("milestoneId", t => t.MilestoneId),
        ("blockedBy", t => t.BlockedBy), ("severity", t => t.Severity), ("stepsToReproduce", t => t.StepsToReproduce),
        ("environment", t => t.Environment), ("affectedVersion", t => t.AffectedVersion), ("fixedInVersion", t => t.FixedInVersion),
        ("workflowStatus", t => t.WorkflowStatus),
    ];

    /// <summary>Records a create (every set field from null), an update (the changed fields) or a delete (<paramref name="after"/> null).</summary>
    public async Task Changed(TaskItem? before, TaskItem? after, string? actorId, IReadOnlyCollection<string> watchers)
    {
        var task = (after ?? before)!;
        var action = before is null ? ActivityAction.Created : after is null ? ActivityAction.Deleted : ActivityAction.Updated;
        var changes = after is null ? [] : ActivityValues.Diff(before, after, Fields).ToList();
        if (action == ActivityAction.Updated && changes.Count == 0) return;
        var index = grains.GetGrain<ISearchIndexGrain>(task.ProjectId);
        await BestEffort(() => after is null ? index.Remove(task.Id) : index.Upsert(after));
        var entries = action == ActivityAction.Updated
            ? changes.Select(c => Entry(task, action, c.Field, c.From, c.To, actorId)).ToList()
            : [Entry(task, action, null, null, null, actorId), .. changes.Select(c => Entry(task, action, c.Field, c.From, c.To, actorId))];
        await BestEffort(() => grains.GetGrain<IActivityLogGrain>(task.ProjectId).Append(entries));
        var type = action switch
        {
            ActivityAction.Created => ProjectEventTypes.TaskCreated,
            ActivityAction.Deleted => ProjectEventTypes.TaskDeleted,
            _ => ProjectEventTypes.TaskUpdated,
        };
        await ProjectEventPublisher.Publish(grains, logger, type, task.ProjectId, actorId, task, now);

        var assigned = after?.Assignee is { } assignee && assignee != before?.Assignee && assignee != actorId ? assignee : null;
        var message = action switch
        {
            ActivityAction.Created => $"Task '{task.Name}' was created.",
            ActivityAction.Deleted => $"Task '{task.Name}' was deleted.",
            _ => $"Task '{task.Name}' changed: {string.Join(", ", changes.Select(c => c.Field))}.",
        };
        var notifications = watchers.Where(w => w != actorId && w != assigned)
            .Select(w => (w, NotificationKind.TaskChanged, message)).ToList();
        if (assigned is not null) notifications.Add((assigned, NotificationKind.Assigned, $"Task '{task.Name}' was assigned to you."));
        await Notify(task, actorId, notifications);
    }

    /// <summary>Notifies watchers of a new comment, and the project members it mentions (<c>@user-id</c>).</summary>
    public async Task Commented(TaskItem task, Conference.Comments.Comment comment, IReadOnlyCollection<string> watchers)
    {
        var (authorId, text) = (comment.AuthorId, comment.Text);
        await ProjectEventPublisher.Publish(grains, logger, ProjectEventTypes.CommentCreated, task.ProjectId, authorId, comment, now);
        var mentioned = new List<string>();
        foreach (var id in Mentions().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal))
            if (id != authorId && (await grains.GetGrain<IProjectGrain>(task.ProjectId).GetAccess(id)).Role is not null)
                mentioned.Add(id);
        var notifications = mentioned.Select(id => (id, NotificationKind.Mention, $"You were mentioned on task '{task.Name}'."))
            .Concat(watchers.Where(w => w != authorId && !mentioned.Contains(w))
                .Select(w => (w, NotificationKind.TaskChanged, $"New comment on task '{task.Name}'.")))
            .ToList();
        await Notify(task, authorId, notifications);
    }

    /// <summary>
    /// Delivers to the project's current members only: someone who left the project (or an admin outside it) keeps
    /// no window on its tasks. Project access is read interleaved, so this never waits on a grain that waits on us.
    /// </summary>
    private async Task Notify(TaskItem task, string? actorId, List<(string UserId, NotificationKind Kind, string Message)> notifications)
    {
        var project = grains.GetGrain<IProjectGrain>(task.ProjectId);
        await Task.WhenAll(notifications.Select(n => BestEffort(async () =>
        {
            if ((await project.GetAccess(n.UserId)).Role is null) return;
            await grains.GetGrain<IUserNotificationsGrain>(n.UserId)
                .Add(new Notification(Common.ResourceIds.New(), n.Kind, task.ProjectId, task.Id, actorId, n.Message, now));
        })));
    }

    private ActivityEntry Entry(TaskItem task, ActivityAction action, string? field, string? from, string? to, string? actorId) =>
        new(ActivitySubject.Task, task.Id, action, field, from, to, actorId, now);

    private async Task BestEffort(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A task event could not be recorded.");
        }
    }

    [GeneratedRegex(@"(?<![\w@])@([0-9a-z]{26})\b")]
    private static partial Regex Mentions();
}
