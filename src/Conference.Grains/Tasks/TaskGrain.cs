using Conference.Catalogs;
using Conference.Comments;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.Projects;
using Conference.Tasks;

namespace Conference.Grains.Tasks;

public sealed class TaskGrain(
    [PersistentState("task", StorageNames.Store)] IPersistentState<TaskState> state,
    TimeProvider time) : IndexedGrain<TaskState, TaskSummary>(state), ITaskGrain
{
    // The catalog is the project's; before creation there is no project id yet, so Create sets it first.
    private string? _projectId;

    protected override ICatalogIndex<TaskSummary> Catalog =>
        GrainFactory.GetGrain<ITaskCatalogGrain>(_projectId ?? Current?.ProjectId ?? throw new InvalidOperationException("Task has no project."));

    protected override TaskSummary? SummaryOf(TaskState value) =>
        value.Task is { } task
            ? new TaskSummary(task.Status, task.Assignee, task.Priority, task.DueDate, task.Type, task.MilestoneId, task.ParentId,
                task.Severity, task.Labels)
            : null;

    private TaskItem? Current => State.RecordExists ? State.State.Task : null;

    public Task<Result<TaskItem>> Get() =>
        Task.FromResult<Result<TaskItem>>(Current is { } task ? task : ResourceError.NotFound("Task", Id));

    public Task<TaskLinks?> GetLinks() =>
        Task.FromResult(Current is { } task ? new TaskLinks(task.ProjectId, task.Type, task.BlockedBy ?? [], task.Status) : null);

    public async Task<Result<TaskItem>> Create(string projectId, TaskInput input)
    {
        if (Current is not null) return ResourceError.Conflict($"Task '{Id}' already exists.");
        if (!await GrainFactory.GetGrain<IProjectGrain>(projectId).AcceptsTasks())
            return ResourceError.NotFound("Project", projectId);
        var now = time.GetUtcNow();
        var seed = new TaskItem(Id, projectId, "", null, TaskItemStatus.Todo, null, TaskPriority.Medium, null, now, now, 1);
        var (task, error) = await new TaskValidation(GrainFactory, Id).Check(Compose(seed, input), previous: null);
        if (error is not null) return error;
        _projectId = projectId;
        if (await WriteIndexed(new TaskState { Task = task }) is { } failed) return failed;
        ConferenceMetrics.RecordCreated("task");
        return task!;
    }

    public async Task<Result<TaskItem>> Update(TaskInput input, long? expectedVersion)
    {
        if (Current is not { } current) return ResourceError.NotFound("Task", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        var (task, error) = await new TaskValidation(GrainFactory, Id).Check(Compose(current, input), current);
        if (error is not null) return error;
        return await Save(task! with { UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 });
    }

    public async Task<Result<long>> Delete(long? expectedVersion)
    {
        if (Current is not { } current) return ResourceError.NotFound("Task", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        _projectId = current.ProjectId;
        if (await WriteIndexed(null) is { } failed) return failed;
        await GrainFactory.GetGrain<ITaskCommentsGrain>(Id).Clear();
        ConferenceMetrics.RecordDeleted("task");
        return current.Version;
    }

    public async Task Unassign(string userId)
    {
        if (Current is not { } current || current.Assignee != userId) return;
        await Save(current with { Assignee = null, UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 });
    }

    public async Task LeaveMilestone(string milestoneId)
    {
        if (Current is not { } current || current.MilestoneId != milestoneId) return;
        await Save(current with { MilestoneId = null, UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 });
    }

    /// <summary>PUT semantics: every field is replaced, except that an omitted status, priority or type keeps its value.</summary>
    private static TaskItem Compose(TaskItem seed, TaskInput input) => seed with
    {
        Name = input.Name ?? "", Description = input.Description, Status = input.Status ?? seed.Status,
        Assignee = input.Assignee, Priority = input.Priority ?? seed.Priority, DueDate = input.DueDate,
        Type = input.Type ?? seed.Type, Labels = input.Labels ?? [], Estimate = input.Estimate,
        ParentId = input.ParentId, MilestoneId = input.MilestoneId, BlockedBy = input.BlockedBy ?? [],
        Severity = input.Severity, StepsToReproduce = input.StepsToReproduce, Environment = input.Environment,
        AffectedVersion = input.AffectedVersion, FixedInVersion = input.FixedInVersion,
    };

    private async Task<Result<TaskItem>> Save(TaskItem task)
    {
        if (await WriteIndexed(new TaskState { Task = task }) is { } failed) return failed;
        ConferenceMetrics.RecordUpdated("task");
        return task;
    }
}
