using Conference.Catalogs;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.Grains.ProjectEvents;
using Conference.Milestones;
using Conference.ProjectEvents;
using Conference.Projects;
using Conference.Tasks;
using Microsoft.Extensions.Logging;

namespace Conference.Grains.Milestones;

[Placement.RequiresRole("core")]
public sealed class MilestoneGrain(
    [PersistentState("milestone", StorageNames.Store)] IPersistentState<MilestoneState> state,
    TimeProvider time, ILogger<MilestoneGrain> logger) : IndexedGrain<MilestoneState, MilestoneSummary>(state), IMilestoneGrain
{
    private const int MaxName = 200;
    private const int MaxDescription = 20_000;

    // As for tasks: the catalog is the project's, and Create names the project before the first write.
    private string? _projectId;

    protected override ICatalogIndex<MilestoneSummary> Catalog =>
        GrainFactory.GetGrain<IMilestoneCatalogGrain>(_projectId ?? Current?.ProjectId ?? throw new InvalidOperationException("Milestone has no project."));

    protected override MilestoneSummary? SummaryOf(MilestoneState value) =>
        value.Milestone is { } milestone ? new MilestoneSummary(milestone.Status, milestone.DueDate) : null;

    private Milestone? Current => State.RecordExists ? State.State.Milestone : null;

    public Task<Result<Milestone>> Get() =>
        Task.FromResult<Result<Milestone>>(Current is { } milestone ? milestone : ResourceError.NotFound("Milestone", Id));

    public Task<string?> GetProjectId() => Task.FromResult(Current?.ProjectId);

    public async Task<Result<Milestone>> Create(string projectId, MilestoneInput input)
    {
        if (Current is not null) return ResourceError.Conflict($"Milestone '{Id}' already exists.");
        if (!await GrainFactory.GetGrain<IProjectGrain>(projectId).AcceptsTasks())
            return ResourceError.NotFound("Project", projectId);
        var (name, description, error) = Validate(input);
        if (error is not null) return error;
        var now = time.GetUtcNow();
        var milestone = new Milestone(Id, projectId, name!, description, input.StartDate, input.DueDate,
            input.Status ?? MilestoneStatus.Planned, now, now, 1);
        _projectId = projectId;
        if (await WriteIndexed(new MilestoneState { Milestone = milestone }) is { } failed) return failed;
        ConferenceMetrics.RecordCreated("milestone");
        return milestone;
    }

    public async Task<Result<Milestone>> Update(MilestoneInput input, long? expectedVersion)
    {
        if (Current is not { } current) return ResourceError.NotFound("Milestone", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        var (name, description, error) = Validate(input);
        if (error is not null) return error;
        var milestone = current with
        {
            Name = name!, Description = description, StartDate = input.StartDate, DueDate = input.DueDate,
            Status = input.Status ?? current.Status, UpdatedAt = time.GetUtcNow(), Version = current.Version + 1,
        };
        if (await WriteIndexed(new MilestoneState { Milestone = milestone }) is { } failed) return failed;
        ConferenceMetrics.RecordUpdated("milestone");
        await ProjectEventPublisher.Publish(GrainFactory, logger, ProjectEventTypes.MilestoneUpdated, milestone.ProjectId, null, milestone, milestone.UpdatedAt);
        return milestone;
    }

    /// <summary>Deletes the milestone first (so no task can join it any more), then lets its tasks leave it.</summary>
    public async Task<Result<long>> Delete(long? expectedVersion)
    {
        if (Current is not { } current) return ResourceError.NotFound("Milestone", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        _projectId = current.ProjectId;
        if (await WriteIndexed(null) is { } failed) return failed;
        var members = await CatalogPages.Ids(GrainFactory.GetGrain<ITaskCatalogGrain>(current.ProjectId), new TaskFilter(MilestoneId: Id));
        await Task.WhenAll(members.Select(taskId => GrainFactory.GetGrain<ITaskGrain>(taskId).LeaveMilestone(Id)));
        ConferenceMetrics.RecordDeleted("milestone");
        return current.Version;
    }

    private static (string? Name, string? Description, ResourceError? Error) Validate(MilestoneInput input)
    {
        var errors = new FieldErrors();
        var name = errors.Required("name", input.Name, MaxName);
        var description = errors.Optional("description", input.Description, MaxDescription);
        if (input.Status is { } status && !Enum.IsDefined(status)) errors.Add("status", "'status' is not a known status.");
        if (input is { StartDate: { } start, DueDate: { } due } && due < start)
            errors.Add("dueDate", "'dueDate' must not be before 'startDate'.");
        return (name, description, errors.Any ? errors.ToError() : null);
    }
}
