using Conference.Catalogs;
using Conference.Comments;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.Projects;
using Conference.Tasks;
using Microsoft.Extensions.Logging;

namespace Conference.Grains.Tasks;

[Placement.RequiresRole("core")]
public sealed class TaskGrain(
    [PersistentState("task", StorageNames.Store)] IPersistentState<TaskState> state,
    TimeProvider time, ILogger<TaskGrain> logger) : IndexedGrain<TaskState, TaskSummary>(state), ITaskGrain
{
    // The catalog is the project's; before creation there is no project id yet, so Create sets it first.
    private string? _projectId;

    protected override ICatalogIndex<TaskSummary> Catalog =>
        GrainFactory.GetGrain<ITaskCatalogGrain>(_projectId ?? Current?.ProjectId ?? throw new InvalidOperationException("Task has no project."));

    protected override TaskSummary? SummaryOf(TaskState value) =>
        value.Task is { } task
            ? new TaskSummary(task.Status, task.Assignee, task.Priority, task.DueDate, task.Type, task.MilestoneId, task.ParentId,
                task.Severity, task.Labels, task.WorkflowStatus, task.BlockedBy)
            : null;

    private TaskItem? Current => State.RecordExists ? State.State.Task : null;

    private TaskEvents Events => new(GrainFactory, logger, time.GetUtcNow());

    public Task<Result<TaskItem>> Get() =>
        Task.FromResult<Result<TaskItem>>(Current is { } task ? task : ResourceError.NotFound("Task", Id));

    public Task<TaskLinks?> GetLinks() =>
        Task.FromResult(Current is { } task ? new TaskLinks(task.ProjectId, task.Type, task.BlockedBy ?? [], task.Status) : null);

    public async Task<Result<TaskItem>> Create(string projectId, TaskInput input, string? actorId = null)
    {
        if (Current is not null) return ResourceError.Conflict($"Task '{Id}' already exists.");
        if (!await GrainFactory.GetGrain<IProjectGrain>(projectId).AcceptsTasks())
            return ResourceError.NotFound("Project", projectId);
        var now = time.GetUtcNow();
        var seed = new TaskItem(Id, projectId, "", null, TaskItemStatus.Todo, null, TaskPriority.Medium, null, now, now, 1);
        var (task, error) = await new TaskValidation(GrainFactory, Id).Check(Compose(seed, input), previous: null);
        if (error is not null) return error;
        _projectId = projectId;
        var result = await Save(task!, actorId);
        if (result.IsSuccess) ConferenceMetrics.RecordCreated("task");
        return result;
    }

    public async Task<Result<TaskItem>> Update(TaskInput input, long? expectedVersion, string? actorId = null)
    {
        if (Current is not { } current) return ResourceError.NotFound("Task", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        var (task, error) = await new TaskValidation(GrainFactory, Id).Check(Compose(current, input), current);
        if (error is not null) return error;
        return await Save(Touch(task!), actorId);
    }

    public async Task<Result<long>> Delete(long? expectedVersion, string? actorId = null)
    {
        if (Current is not { } current) return ResourceError.NotFound("Task", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        var watchers = State.State.Watchers;
        _projectId = current.ProjectId;
        if (await WriteIndexed(null) is { } failed) return failed;
        await GrainFactory.GetGrain<ITaskCommentsGrain>(Id).Clear();
        await ForgetInOthers(current.ProjectId, actorId);
        await Events.Changed(current, null, actorId, watchers);
        ConferenceMetrics.RecordDeleted("task");
        return current.Version;
    }

    /// <summary>Tasks this one blocked or parented no longer point at a task that does not exist.</summary>
    private async Task ForgetInOthers(string projectId, string? actorId)
    {
        var catalog = GrainFactory.GetGrain<ITaskCatalogGrain>(projectId);
        var linked = (await CatalogPages.Ids(catalog, new TaskFilter(BlockedBy: Id)))
            .Concat(await CatalogPages.Ids(catalog, new TaskFilter(ParentId: Id)))
            .Distinct();
        foreach (var taskId in linked) await GrainFactory.GetGrain<ITaskGrain>(taskId).ForgetTask(Id, actorId);
    }

    public async Task ForgetTask(string taskId, string? actorId)
    {
        if (Current is not { } current) return;
        bool blocked = current.BlockedBy?.Contains(taskId) == true;
        if (!blocked && current.ParentId != taskId) return;
        await Save(Touch(current with
        {
            BlockedBy = blocked ? current.BlockedBy!.Where(b => b != taskId).ToArray() : current.BlockedBy,
            ParentId = current.ParentId == taskId ? null : current.ParentId,
        }), actorId);
    }

    public async Task Unassign(string userId)
    {
        if (Current is not { } current || current.Assignee != userId) return;
        await Save(Touch(current with { Assignee = null }), actorId: null);
    }

    public async Task LeaveMilestone(string milestoneId)
    {
        if (Current is not { } current || current.MilestoneId != milestoneId) return;
        await Save(Touch(current with { MilestoneId = null }), actorId: null);
    }

    public async Task<Result<Comment>> AddComment(string commentId, string authorId, CommentInput input)
    {
        if (Current is not { } current) return ResourceError.NotFound("Task", Id);
        var added = await GrainFactory.GetGrain<ITaskCommentsGrain>(Id).Add(commentId, authorId, input);
        if (added.Value is not { } comment) return added;
        var watchers = State.State.Watchers;
        await SetWatching(authorId, true);
        await Events.Commented(current, comment, watchers);
        return comment;
    }

    public Task<Result<IReadOnlyList<string>>> GetWatchers() =>
        Task.FromResult<Result<IReadOnlyList<string>>>(Current is null ? ResourceError.NotFound("Task", Id) : State.State.Watchers);

    public async Task<Result<IReadOnlyList<string>>> SetWatching(string userId, bool watch)
    {
        if (Current is null) return ResourceError.NotFound("Task", Id);
        var watchers = Watching(State.State.Watchers, userId, watch);
        if (!watchers.SequenceEqual(State.State.Watchers) && await WriteIndexed(State.State with { Watchers = watchers }) is { } failed)
            return failed;
        return watchers;
    }

    /// <summary>PUT semantics: every field is replaced, except that an omitted status, workflow status, priority or type keeps its value.</summary>
    private static TaskItem Compose(TaskItem seed, TaskInput input) => seed with
    {
        Name = input.Name ?? "", Description = input.Description, Status = input.Status ?? seed.Status,
        Assignee = input.Assignee, Priority = input.Priority ?? seed.Priority, DueDate = input.DueDate,
        Type = input.Type ?? seed.Type, Labels = input.Labels ?? [], Estimate = input.Estimate,
        ParentId = input.ParentId, MilestoneId = input.MilestoneId, BlockedBy = input.BlockedBy ?? [],
        Severity = input.Severity, StepsToReproduce = input.StepsToReproduce, Environment = input.Environment,
        AffectedVersion = input.AffectedVersion, FixedInVersion = input.FixedInVersion,
        WorkflowStatus = input.WorkflowStatus ?? seed.WorkflowStatus,
    };

    private TaskItem Touch(TaskItem task) => task with { UpdatedAt = time.GetUtcNow(), Version = (Current?.Version ?? 0) + 1 };

    private static string[] Watching(string[] watchers, string? userId, bool watch) =>
        userId is null ? watchers
        : watch ? watchers.Contains(userId) ? watchers : [.. watchers, userId]
        : watchers.Where(w => w != userId).ToArray();

    /// <summary>Writes the task; its author and assignee start watching it; then the change is recorded and announced.</summary>
    private async Task<Result<TaskItem>> Save(TaskItem task, string? actorId)
    {
        var before = Current;
        var watchers = Watching(Watching(State.RecordExists ? State.State.Watchers : [], before is null ? actorId : null, true), task.Assignee, true);
        if (await WriteIndexed(new TaskState { Task = task, Watchers = watchers }) is { } failed) return failed;
        if (before is not null) ConferenceMetrics.RecordUpdated("task");
        await Events.Changed(before, task, actorId, watchers);
        return task;
    }
}
