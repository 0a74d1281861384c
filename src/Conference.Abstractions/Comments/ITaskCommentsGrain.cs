using Conference.Common;

namespace Conference.Comments;

/// <summary>The comments of one task (key: task id), in the order they were written.</summary>
[Alias("conference.ITaskCommentsGrain")]
public interface ITaskCommentsGrain : IGrainWithStringKey
{
    [Alias("List")] Task<Page<Comment>> List(PageRequest page);
    [Alias("Get")] Task<Result<Comment>> Get(string commentId);
    [Alias("Add")] Task<Result<Comment>> Add(string commentId, string authorId, CommentInput input);

    /// <summary>Only the author may edit (Forbidden otherwise).</summary>
    [Alias("Edit")] Task<Result<Comment>> Edit(string commentId, string callerId, CommentInput input, long? expectedVersion);

    /// <summary>The author may delete; so may a moderator (<paramref name="moderator"/>: an admin or a project owner).</summary>
    [Alias("Delete")] Task<Result<long>> Delete(string commentId, string callerId, bool moderator, long? expectedVersion);

    /// <summary>Drops every comment (the task was deleted).</summary>
    [Alias("Clear")] Task Clear();
}
