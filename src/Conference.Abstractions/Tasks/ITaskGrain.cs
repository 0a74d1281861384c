using Conference.Catalogs;
using Conference.Comments;
using Conference.Common;

namespace Conference.Tasks;

/// <summary>
/// Owns one task (key: task id); the project id is fixed at creation. <c>actorId</c> is who makes the change (null: the
/// system): it goes into the activity history and is never notified of their own change.
/// </summary>
[Alias("conference.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey, ICatalogOwner<TaskSummary>
{
    [Alias("Create")] Task<Result<TaskItem>> Create(string projectId, TaskInput input, string? actorId = null);
    [Alias("Get")] Task<Result<TaskItem>> Get();
    [Alias("Update")] Task<Result<TaskItem>> Update(TaskInput input, long? expectedVersion, string? actorId = null);
    [Alias("Delete")] Task<Result<long>> Delete(long? expectedVersion, string? actorId = null);

    /// <summary>Another task was deleted: drop it from this task's blockedBy and parentId (recorded in the history).</summary>
    [Alias("ForgetTask")] Task ForgetTask(string taskId, string? actorId);

    /// <summary>Clears the assignee if it is <paramref name="userId"/> (used when that user is deleted).</summary>
    [Alias("Unassign")] Task Unassign(string userId);

    /// <summary>The links other tasks check (null: no such task); interleaves so a cycle check never waits on itself.</summary>
    [AlwaysInterleave, Alias("GetLinks")] Task<TaskLinks?> GetLinks();

    /// <summary>Clears the milestone if it is <paramref name="milestoneId"/> (used when that milestone is deleted).</summary>
    [Alias("LeaveMilestone")] Task LeaveMilestone(string milestoneId);

    /// <summary>Adds a comment; the author starts watching, watchers and mentioned project members are notified.</summary>
    [Alias("AddComment")] Task<Result<Comment>> AddComment(string commentId, string authorId, CommentInput input);

    [Alias("GetWatchers")] Task<Result<IReadOnlyList<string>>> GetWatchers();

    /// <summary>Starts (<paramref name="watch"/>) or stops watching; answers the watchers afterwards.</summary>
    [Alias("SetWatching")] Task<Result<IReadOnlyList<string>>> SetWatching(string userId, bool watch);
}
