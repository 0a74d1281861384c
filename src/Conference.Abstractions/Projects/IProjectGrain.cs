using Conference.Catalogs;
using Conference.Common;

namespace Conference.Projects;

/// <summary>Owns one project (key: project id); deleting it deletes its tasks.</summary>
[Alias("conference.IProjectGrain")]
public interface IProjectGrain : IGrainWithStringKey, ICatalogOwner<ProjectSummary>
{
    [Alias("Create")] Task<Result<Project>> Create(ProjectInput input);
    [Alias("Get")] Task<Result<Project>> Get();
    [Alias("Update")] Task<Result<Project>> Update(ProjectInput input, long? expectedVersion);
    [Alias("Delete")] Task<Result<long>> Delete(long? expectedVersion);

    /// <summary>True while the project exists and is not being deleted; interleaves with the project's own calls.</summary>
    [AlwaysInterleave, Alias("AcceptsTasks")] Task<bool> AcceptsTasks();
}
