using Conference.Catalogs;
using Conference.Common;

namespace Conference.Tasks;

/// <summary>Owns one task (key: task id); the project id is fixed at creation.</summary>
[Alias("conference.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey, ICatalogOwner<TaskSummary>
{
    [Alias("Create")] Task<Result<TaskItem>> Create(string projectId, TaskInput input);
    [Alias("Get")] Task<Result<TaskItem>> Get();
    [Alias("Update")] Task<Result<TaskItem>> Update(TaskInput input, long? expectedVersion);
    [Alias("Delete")] Task<Result<long>> Delete(long? expectedVersion);

    /// <summary>Clears the assignee if it is <paramref name="userId"/> (used when that user is deleted).</summary>
    [Alias("Unassign")] Task Unassign(string userId);

    /// <summary>The links other tasks check (null: no such task); interleaves so a cycle check never waits on itself.</summary>
    [AlwaysInterleave, Alias("GetLinks")] Task<TaskLinks?> GetLinks();

    /// <summary>Clears the milestone if it is <paramref name="milestoneId"/> (used when that milestone is deleted).</summary>
    [Alias("LeaveMilestone")] Task LeaveMilestone(string milestoneId);
}
