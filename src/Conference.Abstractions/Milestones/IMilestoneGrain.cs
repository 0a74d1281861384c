using Conference.Catalogs;
using Conference.Common;

namespace Conference.Milestones;

/// <summary>Owns one milestone (key: milestone id); the project id is fixed at creation.</summary>
[Alias("conference.IMilestoneGrain")]
public interface IMilestoneGrain : IGrainWithStringKey, ICatalogOwner<MilestoneSummary>
{
    [Alias("Create")] Task<Result<Milestone>> Create(string projectId, MilestoneInput input);
    [Alias("Get")] Task<Result<Milestone>> Get();
    [Alias("Update")] Task<Result<Milestone>> Update(MilestoneInput input, long? expectedVersion);

    /// <summary>Deletes the milestone; its tasks stay and leave it.</summary>
    [Alias("Delete")] Task<Result<long>> Delete(long? expectedVersion);

    /// <summary>The project this milestone belongs to, or null; interleaves for tasks that check it while writing.</summary>
    [AlwaysInterleave, Alias("GetProjectId")] Task<string?> GetProjectId();
}
