using Conference.Common;
using Conference.Milestones;
using Conference.Projects;
using Conference.Workflows;
using Conference.Tasks;
using Conference.Users;

namespace Conference.Grains.Tasks;

/// <summary>
/// Checks a candidate task and returns it normalised (trimmed strings, distinct labels), or the errors naming each
/// bad field. Links (parent, milestone, blockers) are checked only when they change, by asking the linked grains.
/// </summary>
internal sealed class TaskValidation(IGrainFactory grains, string taskId)
{
    public const int MaxName = 200;
    public const int MaxText = 20_000;
    public const int MaxShort = 200;
    public const int MaxLabels = 20;
    public const int MaxLabel = 50;
    public const int MaxBlockers = 50;
    public const double MaxEstimate = 10_000;

    // A dependency walk larger than this is refused rather than followed (a project this tangled is a mistake).
    private const int MaxWalk = 5_000;

    private readonly FieldErrors _errors = new();

    public async Task<(TaskItem? Task, ResourceError? Error)> Check(TaskItem candidate, TaskItem? previous)
    {
        var task = candidate with
        {
            Name = _errors.Required("name", candidate.Name, MaxName) ?? "",
            Description = _errors.Optional("description", candidate.Description, MaxText),
            Labels = Labels(candidate.Labels ?? []),
            StepsToReproduce = _errors.Optional("stepsToReproduce", candidate.StepsToReproduce, MaxText),
            Environment = _errors.Optional("environment", candidate.Environment, MaxShort),
            AffectedVersion = _errors.Optional("affectedVersion", candidate.AffectedVersion, MaxShort),
            FixedInVersion = _errors.Optional("fixedInVersion", candidate.FixedInVersion, MaxShort),
            WorkflowStatus = candidate.WorkflowStatus?.Trim(),
        };
        Enums(task);
        task = await Status(task, previous);
        if (task.Estimate is { } estimate && (!double.IsFinite(estimate) || estimate is < 0 or > MaxEstimate))
            _errors.Add("estimate", $"'estimate' must be a number of points from 0 to {MaxEstimate}.");
        BugFields(task);
        if (task.Assignee is { } assignee && assignee != previous?.Assignee
            && (!ResourceIds.IsWellFormed(assignee) || !await grains.GetGrain<IUserGrain>(assignee).Exists()))
            _errors.Add("assignee", "'assignee' must be the id of an existing user.");
        if (task.ParentId != previous?.ParentId || task.Type != previous?.Type) await Parent(task);
        if (task.MilestoneId is { } milestoneId && milestoneId != previous?.MilestoneId) await Milestone(task.ProjectId, milestoneId);
        if (!(task.BlockedBy ?? []).SequenceEqual(previous?.BlockedBy ?? [])) await Blockers(task);
        return _errors.Any ? (null, _errors.ToError()) : (task, null);
    }

    private void Enums(TaskItem task)
    {
        if (!Enum.IsDefined(task.Status)) _errors.Add("status", "'status' is not a known status.");
        if (!Enum.IsDefined(task.Priority)) _errors.Add("priority", "'priority' is not a known priority.");
        if (!Enum.IsDefined(task.Type)) _errors.Add("type", "'type' is not a known task type.");
        if (task.Severity is { } severity && !Enum.IsDefined(severity)) _errors.Add("severity", "'severity' is not a known severity.");
    }

    /// <summary>
    /// Keeps the base status and the workflow status in step: a changed workflow status sets the base status (by its
    /// category), otherwise a changed (or new) base status picks the workflow status of the same key or category.
    /// </summary>
    private async Task<TaskItem> Status(TaskItem task, TaskItem? previous)
    {
        var workflowChanged = task.WorkflowStatus != previous?.WorkflowStatus;
        if (previous is not null && !workflowChanged && task.Status == previous.Status) return task;
        if (!Enum.IsDefined(task.Status)) return task;
        var workflow = (await grains.GetGrain<IProjectGrain>(task.ProjectId).GetWorkflow()).Value ?? Workflow.Default;
        if (workflowChanged && task.WorkflowStatus is { } key)
        {
            if (workflow.Find(key) is { } chosen) return task with { Status = Workflow.BaseStatusOf(chosen) };
            _errors.Add("workflowStatus", $"'workflowStatus' must be one of: {string.Join(", ", workflow.Statuses.Select(s => s.Key))}.");
            return task;
        }
        if (workflow.StatusFor(task.Status) is { } matching) return task with { WorkflowStatus = matching.Key };
        _errors.Add("status", "The project's workflow has no status of this category.");
        return task;
    }

    private void BugFields(TaskItem task)
    {
        if (task.Type == TaskType.Bug) return;
        foreach (var (field, value) in new (string, object?)[]
                 {
                     ("severity", task.Severity), ("stepsToReproduce", task.StepsToReproduce), ("environment", task.Environment),
                     ("affectedVersion", task.AffectedVersion), ("fixedInVersion", task.FixedInVersion),
                 })
            if (value is not null) _errors.Add(field, $"'{field}' applies only to tasks of type 'bug'.");
    }

    private string[] Labels(string[] labels)
    {
        if (labels.Length > MaxLabels) _errors.Add("labels", $"'labels' holds at most {MaxLabels} labels.");
        var result = new List<string>();
        foreach (var label in labels)
        {
            var trimmed = _errors.Required("labels", label, MaxLabel);
            if (trimmed is not null && !result.Contains(trimmed, StringComparer.OrdinalIgnoreCase)) result.Add(trimmed);
        }
        return [.. result];
    }

    /// <summary>Epics are top-level, stories sit under epics, tasks and bugs under an epic or a story.</summary>
    private async Task Parent(TaskItem task)
    {
        if (task.ParentId is not { } parentId) return;
        if (task.Type == TaskType.Epic)
        {
            _errors.Add("parentId", "An epic has no parent.");
            return;
        }
        var parent = ResourceIds.IsWellFormed(parentId) && parentId != taskId
            ? await grains.GetGrain<ITaskGrain>(parentId).GetLinks()
            : null;
        if (parent is null || parent.ProjectId != task.ProjectId)
            _errors.Add("parentId", "'parentId' must be the id of another task of the same project.");
        else if (parent.Type is not (TaskType.Epic or TaskType.Story) || (task.Type == TaskType.Story && parent.Type != TaskType.Epic))
            _errors.Add("parentId", task.Type == TaskType.Story ? "A story's parent must be an epic." : "The parent must be an epic or a story.");
    }

    private async Task Milestone(string projectId, string milestoneId)
    {
        var owner = ResourceIds.IsWellFormed(milestoneId) ? await grains.GetGrain<IMilestoneGrain>(milestoneId).GetProjectId() : null;
        if (owner != projectId) _errors.Add("milestoneId", "'milestoneId' must be the id of a milestone of the same project.");
    }

    private async Task Blockers(TaskItem task)
    {
        var blockers = task.BlockedBy ?? [];
        if (blockers.Length > MaxBlockers) _errors.Add("blockedBy", $"'blockedBy' holds at most {MaxBlockers} tasks.");
        if (blockers.Distinct(StringComparer.Ordinal).Count() != blockers.Length) _errors.Add("blockedBy", "'blockedBy' lists a task twice.");
        if (blockers.Contains(taskId)) _errors.Add("blockedBy", "A task cannot block itself.");
        if (_errors.Any) return;

        // Walk the "blocked by" edges from the new blockers; reaching this task again closes a cycle.
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var blocker in blockers)
        {
            var links = ResourceIds.IsWellFormed(blocker) ? await grains.GetGrain<ITaskGrain>(blocker).GetLinks() : null;
            if (links is null || links.ProjectId != task.ProjectId)
            {
                _errors.Add("blockedBy", $"'{blocker}' is not a task of the same project.");
                continue;
            }
            cameFrom[blocker] = taskId;
            queue.Enqueue(blocker);
        }
        while (queue.TryDequeue(out var current) && cameFrom.Count < MaxWalk)
        {
            var links = await grains.GetGrain<ITaskGrain>(current).GetLinks();
            foreach (var next in links?.BlockedBy ?? [])
            {
                if (next == taskId)
                {
                    _errors.Add("blockedBy", $"The dependency would close a cycle: {string.Join(" → ", Path(cameFrom, current))} → {taskId}.");
                    return;
                }
                if (cameFrom.TryAdd(next, current)) queue.Enqueue(next);
            }
        }
        if (cameFrom.Count >= MaxWalk) _errors.Add("blockedBy", "The dependency graph is too large to check.");
    }

    /// <summary>The path taskId → … → <paramref name="last"/> along "blocked by" edges.</summary>
    private IEnumerable<string> Path(Dictionary<string, string> cameFrom, string last)
    {
        var path = new List<string> { last };
        while (cameFrom[path[^1]] is var previous && previous != taskId) path.Add(previous);
        path.Add(taskId);
        path.Reverse();
        return path;
    }
}
