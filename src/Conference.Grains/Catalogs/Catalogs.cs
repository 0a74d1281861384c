using Conference.Activity;
using Conference.Catalogs;
using Conference.Milestones;
using Conference.Projects;
using Conference.Tasks;
using Conference.Users;
using Microsoft.Extensions.Options;

namespace Conference.Grains.Catalogs;

// State names are unique per grain type: the ADO.NET provider keys rows by state name and key only, so two
// grain types sharing a name and a key ("all") would read each other's state.

/// <summary>All users; emails are unique (case-insensitive) across committed and pending entries.</summary>
[Placement.RequiresRole("core")]
public sealed class UserCatalogGrain(
    [PersistentState("userCatalog", StorageNames.Store)] IPersistentState<CatalogState<UserSummary>> state,
    IOptions<CatalogOptions> options, TimeProvider time)
    : CatalogGrain<UserSummary, UserFilter>(state, options, time), IUserCatalogGrain
{
    protected override string CatalogName => "users";
    protected override bool Matches(UserSummary summary, UserFilter filter) => filter.Role is null || filter.Role == summary.Role;
    protected override ICatalogOwner<UserSummary> Owner(string id) => GrainFactory.GetGrain<IUserGrain>(id);
    protected override string? UniqueKey(UserSummary summary) => summary.NormalizedEmail;
    protected override string UniqueKeyConflictMessage(string key) => "A user with this email already exists.";

    public Task<string?> FindByEmail(string normalizedEmail) => Task.FromResult(CommittedHolderOf(normalizedEmail));
}

/// <summary>All projects.</summary>
[Placement.RequiresRole("core")]
public sealed class ProjectCatalogGrain(
    [PersistentState("projectCatalog", StorageNames.Store)] IPersistentState<CatalogState<ProjectSummary>> state,
    IOptions<CatalogOptions> options, TimeProvider time)
    : CatalogGrain<ProjectSummary, ProjectFilter>(state, options, time), IProjectCatalogGrain
{
    protected override string CatalogName => "projects";
    protected override bool Matches(ProjectSummary summary, ProjectFilter filter) =>
        (filter.Status is null || filter.Status == summary.Status)
        && (filter.MemberId is null || summary.Members.Contains(filter.MemberId));
    protected override ICatalogOwner<ProjectSummary> Owner(string id) => GrainFactory.GetGrain<IProjectGrain>(id);
}

/// <summary>The tasks of one project (key: project id).</summary>
[Placement.RequiresRole("core")]
public sealed class TaskCatalogGrain(
    [PersistentState("taskCatalog", StorageNames.Store)] IPersistentState<CatalogState<TaskSummary>> state,
    IOptions<CatalogOptions> options, TimeProvider time)
    : CatalogGrain<TaskSummary, TaskFilter>(state, options, time), ITaskCatalogGrain
{
    protected override string CatalogName => "tasks";

    protected override bool Matches(TaskSummary summary, TaskFilter filter) =>
        (filter.Status is null || filter.Status == summary.Status)
        && (filter.Assignee is null || filter.Assignee == summary.Assignee)
        && (filter.Priority is null || filter.Priority == summary.Priority)
        && (filter.DueBefore is null || (summary.DueDate is { } due && due < filter.DueBefore))
        && (filter.Type is null || filter.Type == summary.Type)
        && (filter.MilestoneId is null || filter.MilestoneId == summary.MilestoneId)
        && (filter.ParentId is null || filter.ParentId == summary.ParentId)
        && (filter.Severity is null || filter.Severity == summary.Severity)
        && (filter.Label is null || (summary.Labels ?? []).Contains(filter.Label, StringComparer.OrdinalIgnoreCase))
        && (filter.WorkflowStatus is null || filter.WorkflowStatus == (summary.WorkflowStatus ?? ActivityValues.Text(summary.Status)))
        && (filter.BlockedBy is null || (summary.BlockedBy ?? []).Contains(filter.BlockedBy));

    protected override ICatalogOwner<TaskSummary> Owner(string id) => GrainFactory.GetGrain<ITaskGrain>(id);

    public Task<IReadOnlyList<LabelUsage>> Labels() =>
        Task.FromResult<IReadOnlyList<LabelUsage>>(CommittedSummaries().SelectMany(s => s.Labels ?? [])
            .GroupBy(label => label, StringComparer.OrdinalIgnoreCase)
            .Select(g => new LabelUsage(g.First(), g.Count()))
            .OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ToList());
}

/// <summary>The milestones of one project (key: project id).</summary>
[Placement.RequiresRole("core")]
public sealed class MilestoneCatalogGrain(
    [PersistentState("milestoneCatalog", StorageNames.Store)] IPersistentState<CatalogState<MilestoneSummary>> state,
    IOptions<CatalogOptions> options, TimeProvider time)
    : CatalogGrain<MilestoneSummary, MilestoneFilter>(state, options, time), IMilestoneCatalogGrain
{
    protected override string CatalogName => "milestones";
    protected override bool Matches(MilestoneSummary summary, MilestoneFilter filter) => filter.Status is null || filter.Status == summary.Status;
    protected override ICatalogOwner<MilestoneSummary> Owner(string id) => GrainFactory.GetGrain<IMilestoneGrain>(id);
}

/// <summary>All rooms; visibility follows the room's project, or its creator for rooms outside projects.</summary>
[Placement.RequiresRole("core")]
public sealed class RoomCatalogGrain(
    [PersistentState("roomCatalog", StorageNames.Store)] IPersistentState<CatalogState<Conference.Rooms.RoomSummary>> state,
    IOptions<CatalogOptions> options, TimeProvider time)
    : CatalogGrain<Conference.Rooms.RoomSummary, Conference.Rooms.RoomFilter>(state, options, time), IRoomCatalogGrain
{
    protected override string CatalogName => "rooms";

    protected override bool Matches(Conference.Rooms.RoomSummary summary, Conference.Rooms.RoomFilter filter) =>
        (filter.Status is null || filter.Status == summary.Status)
        && (filter.ProjectId is null || filter.ProjectId == summary.ProjectId)
        && (filter.VisibleTo is null || summary.CreatedBy == filter.VisibleTo
            || (summary.ProjectId is { } project && filter.Projects is { } projects && projects.Contains(project)));

    protected override ICatalogOwner<Conference.Rooms.RoomSummary> Owner(string id) => GrainFactory.GetGrain<Conference.Rooms.IRoomGrain>(id);
}
