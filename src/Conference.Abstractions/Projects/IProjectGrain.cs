using Conference.Catalogs;
using Conference.Common;

namespace Conference.Projects;

/// <summary>Owns one project (key: project id); deleting it deletes its tasks.</summary>
[Alias("conference.IProjectGrain")]
public interface IProjectGrain : IGrainWithStringKey, ICatalogOwner<ProjectSummary>
{
    /// <summary>Creates the project with <paramref name="ownerId"/> as its first member (owner).</summary>
    [Alias("Create")] Task<Result<Project>> Create(ProjectInput input, string ownerId);
    [Alias("Get")] Task<Result<Project>> Get();
    [Alias("Update")] Task<Result<Project>> Update(ProjectInput input, long? expectedVersion);
    [Alias("Delete")] Task<Result<long>> Delete(long? expectedVersion);

    /// <summary>Whether the project exists and what role <paramref name="userId"/> has in it (null: none).</summary>
    [AlwaysInterleave, Alias("GetAccess")] Task<ProjectAccess> GetAccess(string userId);

    [Alias("GetMembers")] Task<Result<IReadOnlyList<ProjectMember>>> GetMembers();
    [Alias("AddMember")] Task<Result<ProjectMember>> AddMember(ProjectMemberInput input);

    /// <summary>Removes a member; the last owner cannot be removed (Conflict) unless the user itself is being deleted.</summary>
    [Alias("RemoveMember")] Task<Result<long>> RemoveMember(string userId, bool userDeleted = false);

    /// <summary>True while the project exists and is not being deleted; interleaves with the project's own calls.</summary>
    [AlwaysInterleave, Alias("AcceptsTasks")] Task<bool> AcceptsTasks();
}
