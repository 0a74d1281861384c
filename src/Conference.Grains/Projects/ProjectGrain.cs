using Conference.Activity;
using Conference.Catalogs;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.Grains.Workflows;
using Conference.Workflows;
using Conference.Milestones;
using Conference.Projects;
using Conference.Tasks;
using Conference.Users;

namespace Conference.Grains.Projects;

[Placement.RequiresRole("core")]
public sealed class ProjectGrain(
    [PersistentState("project", StorageNames.Store)] IPersistentState<ProjectState> state,
    TimeProvider time) : IndexedGrain<ProjectState, ProjectSummary>(state), IProjectGrain
{
    public const int MaxName = 200;
    public const int MaxDescription = 20_000;

    private bool _deleting;

    protected override ICatalogIndex<ProjectSummary> Catalog => GrainFactory.GetGrain<IProjectCatalogGrain>(CatalogKeys.All);

    protected override ProjectSummary? SummaryOf(ProjectState value) =>
        value.Project is { } project ? new ProjectSummary(project.Status, value.Members.Keys.Order(StringComparer.Ordinal).ToArray()) : null;

    private Project? Current => State.RecordExists ? State.State.Project : null;

    public Task<bool> AcceptsTasks() => Task.FromResult(Current is not null && !_deleting);

    public Task<Result<Project>> Get() =>
        Task.FromResult<Result<Project>>(Current is { } project ? project : ResourceError.NotFound("Project", Id));

    public Task<ProjectAccess> GetAccess(string userId) =>
        Task.FromResult(new ProjectAccess(Current is not null && !_deleting,
            Current is not null && State.State.Members.TryGetValue(userId, out var member) ? member.Role : null));

    public Task<Result<IReadOnlyList<ProjectMember>>> GetMembers() =>
        Task.FromResult<Result<IReadOnlyList<ProjectMember>>>(Current is null
            ? ResourceError.NotFound("Project", Id)
            : State.State.Members.Values.OrderBy(m => m.AddedAt).ToList());

    public Task<Result<Workflow>> GetWorkflow() =>
        Task.FromResult<Result<Workflow>>(Current is null ? ResourceError.NotFound("Project", Id) : State.State.Workflow ?? Workflow.Default);

    public async Task<Result<Workflow>> SetWorkflow(WorkflowInput input, long? expectedVersion, string? actorId = null)
    {
        if (Current is null) return ResourceError.NotFound("Project", Id);
        var current = State.State.Workflow ?? Workflow.Default;
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        var (statuses, error) = WorkflowValidation.Check(input);
        if (error is not null) return error;
        var tasks = GrainFactory.GetGrain<ITaskCatalogGrain>(Id);
        foreach (var removed in current.Statuses.Where(s => statuses!.All(n => n.Key != s.Key)))
            if ((await tasks.List(new TaskFilter(WorkflowStatus: removed.Key), new PageRequest(1, null))).Items.Count > 0)
                return ResourceError.Conflict($"Tasks still have the status '{removed.Key}': move them before removing it.");
        var workflow = new Workflow(statuses!, current.Version + 1);
        if (await WriteIndexed(State.State with { Workflow = workflow }) is { } failed) return failed;
        await Record(actorId, ActivityAction.Updated, ("workflow", Describe(current), Describe(workflow)));
        return workflow;
    }

    private static string Describe(Workflow workflow) =>
        string.Join(",", workflow.Statuses.Select(s => $"{s.Key}:{s.Name}:{ActivityValues.Text(s.Category)}"));

    public async Task<Result<ProjectMember>> AddMember(ProjectMemberInput input, string? actorId = null)
    {
        if (Current is not { } current) return ResourceError.NotFound("Project", Id);
        var errors = new FieldErrors();
        if (input.UserId is not { } userId || !ResourceIds.IsWellFormed(userId) || !await GrainFactory.GetGrain<IUserGrain>(userId).Exists())
            errors.Add("userId", "'userId' must be the id of an existing user.");
        if (input.Role is { } role && !Enum.IsDefined(role)) errors.Add("role", "'role' is not a known project role.");
        if (errors.Any) return errors.ToError();
        var member = new ProjectMember(input.UserId!, input.Role ?? ProjectRole.Member,
            State.State.Members.TryGetValue(input.UserId!, out var existing) ? existing.AddedAt : time.GetUtcNow());
        var members = new Dictionary<string, ProjectMember>(State.State.Members, StringComparer.Ordinal) { [member.UserId] = member };
        if (LastOwnerLeaves(members)) return ResourceError.Conflict("A project keeps at least one owner.");
        var before = State.State.Members.GetValueOrDefault(member.UserId);
        if (await WriteIndexed(State.State with { Project = Touch(current), Members = members }) is { } failed) return failed;
        await Record(actorId, ActivityAction.Updated, ("members", before is null ? null : $"{before.UserId}:{ActivityValues.Text(before.Role)}",
            $"{member.UserId}:{ActivityValues.Text(member.Role)}"));
        return member;
    }

    public async Task<Result<long>> RemoveMember(string userId, bool userDeleted = false, string? actorId = null)
    {
        if (Current is not { } current) return ResourceError.NotFound("Project", Id);
        if (!State.State.Members.ContainsKey(userId)) return ResourceError.NotFound("Member", userId);
        var members = new Dictionary<string, ProjectMember>(State.State.Members, StringComparer.Ordinal);
        members.Remove(userId);
        if (!userDeleted && LastOwnerLeaves(members)) return ResourceError.Conflict("A project keeps at least one owner.");
        var project = Touch(current);
        var removed = State.State.Members[userId];
        if (await WriteIndexed(State.State with { Project = project, Members = members }) is { } failed) return failed;
        await Record(actorId, ActivityAction.Updated, ("members", $"{removed.UserId}:{ActivityValues.Text(removed.Role)}", null));
        return project.Version;
    }

    private bool LastOwnerLeaves(Dictionary<string, ProjectMember> members) =>
        State.State.Members.Values.Any(m => m.Role == ProjectRole.Owner) && !members.Values.Any(m => m.Role == ProjectRole.Owner);

    private Project Touch(Project project) => project with { UpdatedAt = time.GetUtcNow(), Version = project.Version + 1 };

    public async Task<Result<Project>> Create(ProjectInput input, string ownerId)
    {
        if (Current is not null) return ResourceError.Conflict($"Project '{Id}' already exists.");
        var (name, description, error) = Validate(input);
        if (error is not null) return error;
        var now = time.GetUtcNow();
        var project = new Project(Id, name!, description, input.Status ?? ProjectStatus.Planned,
            input.StartDate, input.EndDate, now, now, 1);
        var owner = new ProjectMember(ownerId, ProjectRole.Owner, now);
        var state = new ProjectState { Project = project, Members = new(StringComparer.Ordinal) { [ownerId] = owner } };
        if (await WriteIndexed(state) is { } failed) return failed;
        await Record(ownerId, ActivityAction.Created, [.. ActivityValues.Diff(null, project, Fields)]);
        ConferenceMetrics.RecordCreated("project");
        return project;
    }

    public async Task<Result<Project>> Update(ProjectInput input, long? expectedVersion, string? actorId = null)
    {
        if (Current is not { } current) return ResourceError.NotFound("Project", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        var (name, description, error) = Validate(input);
        if (error is not null) return error;
        var project = current with
        {
            Name = name!, Description = description, Status = input.Status ?? current.Status,
            StartDate = input.StartDate, EndDate = input.EndDate,
            UpdatedAt = time.GetUtcNow(), Version = current.Version + 1,
        };
        if (await WriteIndexed(State.State with { Project = project }) is { } failed) return failed;
        await Record(actorId, ActivityAction.Updated, [.. ActivityValues.Diff(current, project, Fields)]);
        ConferenceMetrics.RecordUpdated("project");
        return project;
    }

    /// <summary>Deletes the tasks and milestones first, then the project, so a crash midway never leaves orphaned tasks.</summary>
    public async Task<Result<long>> Delete(long? expectedVersion)
    {
        if (Current is not { } current) return ResourceError.NotFound("Project", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        _deleting = true;
        try
        {
            var taskIds = await CatalogPages.Ids(GrainFactory.GetGrain<ITaskCatalogGrain>(Id), new TaskFilter());
            var results = await Task.WhenAll(taskIds.Select(taskId => GrainFactory.GetGrain<ITaskGrain>(taskId).Delete(null)));
            if (results.FirstOrDefault(r => r.Error is { Kind: not ErrorKind.NotFound }) is { Error: { } taskError })
                return taskError;
            var milestoneIds = await CatalogPages.Ids(GrainFactory.GetGrain<IMilestoneCatalogGrain>(Id), new MilestoneFilter());
            results = await Task.WhenAll(milestoneIds.Select(milestoneId => GrainFactory.GetGrain<IMilestoneGrain>(milestoneId).Delete(null)));
            if (results.FirstOrDefault(r => r.Error is { Kind: not ErrorKind.NotFound }) is { Error: { } milestoneError })
                return milestoneError;
            if (await WriteIndexed(null) is { } failed) return failed;
            await GrainFactory.GetGrain<IActivityLogGrain>(Id).Clear();
            await GrainFactory.GetGrain<Conference.Search.ISearchIndexGrain>(Id).Clear();
        }
        finally
        {
            _deleting = false;
        }
        ConferenceMetrics.RecordDeleted("project");
        return current.Version;
    }

    private static readonly (string Field, Func<Project, object?> Read)[] Fields =
    [
        ("name", p => p.Name), ("description", p => p.Description), ("status", p => p.Status),
        ("startDate", p => p.StartDate), ("endDate", p => p.EndDate),
    ];

    /// <summary>Appends to the project's history once the write has landed (best effort: a lost entry never fails the write).</summary>
    private async Task Record(string? actorId, ActivityAction action, params (string Field, string? From, string? To)[] changes)
    {
        var now = time.GetUtcNow();
        IEnumerable<ActivityEntry> entries = changes.Select(c => new ActivityEntry(ActivitySubject.Project, Id, action, c.Field, c.From, c.To, actorId, now));
        if (action == ActivityAction.Created) entries = entries.Prepend(new ActivityEntry(ActivitySubject.Project, Id, action, null, null, null, actorId, now));
        try
        {
            await GrainFactory.GetGrain<IActivityLogGrain>(Id).Append(entries.ToList());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The project changed; only its history lost an entry.
        }
    }

    private static (string? Name, string? Description, ResourceError? Error) Validate(ProjectInput input)
    {
        var errors = new FieldErrors();
        var name = errors.Required("name", input.Name, MaxName);
        var description = errors.Optional("description", input.Description, MaxDescription);
        if (input.Status is { } status && !Enum.IsDefined(status)) errors.Add("status", "'status' is not a known status.");
        if (input is { StartDate: { } start, EndDate: { } end } && end < start)
            errors.Add("endDate", "'endDate' must not be before 'startDate'.");
        return (name, description, errors.Any ? errors.ToError() : null);
    }
}
