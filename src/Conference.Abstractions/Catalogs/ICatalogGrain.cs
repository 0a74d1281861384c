using Conference.Common;
using Conference.Milestones;
using Conference.Projects;
using Conference.Tasks;
using Conference.Users;

namespace Conference.Catalogs;

/// <summary>
/// An index of one kind of resource, kept consistent with the owner grains by a prepare/commit protocol:
/// the owner prepares (durable), writes its own state, then commits; an entry left pending by a crash is
/// resolved later by probing the owner, and never shown until it is.
/// </summary>
[Alias("conference.ICatalogIndex`1")]
public interface ICatalogIndex<TSummary>
{
    /// <summary>Records an intended change (summary null = delete). Fails with Conflict on a unique-key clash.</summary>
    [Alias("Prepare")] Task<ResourceError?> Prepare(string id, TSummary? summary);

    /// <summary>Makes the prepared change visible.</summary>
    [Alias("Commit")] Task Commit(string id, TSummary? summary);

    /// <summary>Drops a prepared change; <paramref name="persisted"/> is the owner's state as storage has it.</summary>
    [Alias("Abort")] Task Abort(string id, TSummary? persisted);

}

/// <summary>A catalog that can also list and filter.</summary>
[Alias("conference.ICatalogGrain`2")]
public interface ICatalogGrain<TSummary, TFilter> : ICatalogIndex<TSummary>
{
    [Alias("List")] Task<Page<string>> List(TFilter filter, PageRequest page);

    [Alias("Count")] Task<int> Count();
}

[Alias("conference.IUserCatalogGrain")]
public interface IUserCatalogGrain : ICatalogGrain<UserSummary, UserFilter>, IGrainWithStringKey
{
    /// <summary>The id of the user whose committed email this is (lower-cased), or null.</summary>
    [Alias("FindByEmail")] Task<string?> FindByEmail(string normalizedEmail);
}

[Alias("conference.IProjectCatalogGrain")]
public interface IProjectCatalogGrain : ICatalogGrain<ProjectSummary, ProjectFilter>, IGrainWithStringKey;

/// <summary>The tasks of one project (key: project id).</summary>
[Alias("conference.ITaskCatalogGrain")]
public interface ITaskCatalogGrain : ICatalogGrain<TaskSummary, TaskFilter>, IGrainWithStringKey
{
    /// <summary>The project's label set: every label its tasks carry (case-insensitive), with how many tasks carry it.</summary>
    [Alias("Labels")] Task<IReadOnlyList<LabelUsage>> Labels();
}

/// <summary>The milestones of one project (key: project id).</summary>
[Alias("conference.IMilestoneCatalogGrain")]
public interface IMilestoneCatalogGrain : ICatalogGrain<MilestoneSummary, MilestoneFilter>, IGrainWithStringKey;

[Alias("conference.IRoomCatalogGrain")]
public interface IRoomCatalogGrain : ICatalogGrain<Rooms.RoomSummary, Rooms.RoomFilter>, IGrainWithStringKey;

/// <summary>Well-known keys of the singleton catalogs.</summary>
public static class CatalogKeys
{
    public const string All = "all";
}
