using Conference.Catalogs;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.Projects;
using Conference.Tasks;
using Conference.Users;

namespace Conference.Grains.Tasks;

[Placement.RequiresRole("core")]
public sealed class TaskGrain(
    [PersistentState("task", StorageNames.Store)] IPersistentState<TaskState> state,
    TimeProvider time) : IndexedGrain<TaskState, TaskSummary>(state), ITaskGrain
{
    private const int MaxName = 200;
    private const int MaxDescription = 20_000;

    // The catalog is the project's; before creation there is no project id yet, so Create sets it first.
    private string? _projectId;

    protected override ICatalogIndex<TaskSummary> Catalog =>
        GrainFactory.GetGrain<ITaskCatalogGrain>(_projectId ?? Current?.ProjectId ?? throw new InvalidOperationException("Task has no project."));

    protected override TaskSummary? SummaryOf(TaskState value) =>
        value.Task is { } task ? new TaskSummary(task.Status, task.Assignee, task.Priority, task.DueDate) : null;

    private TaskItem? Current => State.RecordExists ? State.State.Task : null;

    public Task<Result<TaskItem>> Get() =>
        Task.FromResult<Result<TaskItem>>(Current is { } task ? task : ResourceError.NotFound("Task", Id));

    public async Task<Result<TaskItem>> Create(string projectId, TaskInput input)
    {
        if (Current is not null) return ResourceError.Conflict($"Task '{Id}' already exists.");
        if (!await GrainFactory.GetGrain<IProjectGrain>(projectId).AcceptsTasks())
            return ResourceError.NotFound("Project", projectId);
        var (name, description, error) = await Validate(input);
        if (error is not null) return error;
        var now = time.GetUtcNow();
        var task = new TaskItem(Id, projectId, name!, description, input.Status ?? TaskItemStatus.Todo,
            input.Assignee, input.Priority ?? TaskPriority.Medium, input.DueDate, now, now, 1);
        _projectId = projectId;
        if (await WriteIndexed(new TaskState { Task = task }) is { } failed) return failed;
        ConferenceMetrics.RecordCreated("task");
        return task;
    }

    public async Task<Result<TaskItem>> Update(TaskInput input, long? expectedVersion)
    {
        if (Current is not { } current) return ResourceError.NotFound("Task", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        var (name, description, error) = await Validate(input);
        if (error is not null) return error;
        var task = current with
        {
            Name = name!, Description = description, Status = input.Status ?? current.Status,
            Assignee = input.Assignee, Priority = input.Priority ?? current.Priority, DueDate = input.DueDate,
            UpdatedAt = time.GetUtcNow(), Version = current.Version + 1,
        };
        return await Save(task);
    }

    public async Task<Result<long>> Delete(long? expectedVersion)
    {
        if (Current is not { } current) return ResourceError.NotFound("Task", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        _projectId = current.ProjectId;
        if (await WriteIndexed(null) is { } failed) return failed;
        ConferenceMetrics.RecordDeleted("task");
        return current.Version;
    }

    public async Task Unassign(string userId)
    {
        if (Current is not { } current || current.Assignee != userId) return;
        await Save(current with { Assignee = null, UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 });
    }

    private async Task<Result<TaskItem>> Save(TaskItem task)
    {
        if (await WriteIndexed(new TaskState { Task = task }) is { } failed) return failed;
        ConferenceMetrics.RecordUpdated("task");
        return task;
    }

    private async Task<(string? Name, string? Description, ResourceError? Error)> Validate(TaskInput input)
    {
        var errors = new FieldErrors();
        var name = errors.Required("name", input.Name, MaxName);
        var description = errors.Optional("description", input.Description, MaxDescription);
        if (input.Status is { } status && !Enum.IsDefined(status)) errors.Add("status", "'status' is not a known status.");
        if (input.Priority is { } priority && !Enum.IsDefined(priority)) errors.Add("priority", "'priority' is not a known priority.");
        if (input.Assignee is { } assignee
            && (!ResourceIds.IsWellFormed(assignee) || !await GrainFactory.GetGrain<IUserGrain>(assignee).Exists()))
            errors.Add("assignee", $"'assignee' must be the id of an existing user.");
        return (name, description, errors.Any ? errors.ToError() : null);
    }
}
