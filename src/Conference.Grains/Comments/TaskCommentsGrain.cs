using Conference.Comments;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.Search;
using Conference.Tasks;
using Microsoft.Extensions.Logging;

namespace Conference.Grains.Comments;

[Placement.RequiresRole("core")]
public sealed class TaskCommentsGrain(
    [PersistentState("taskComments", StorageNames.Store)] IPersistentState<SequencedList<Comment>> state,
    TimeProvider time, ILogger<TaskCommentsGrain> logger) : Grain, ITaskCommentsGrain
{
    public const int MaxText = 20_000;

    private string TaskId => this.GetPrimaryKeyString();

    public Task<Page<Comment>> List(PageRequest page) => Task.FromResult(state.State.Page(page));

    public Task<Result<Comment>> Get(string commentId) =>
        Task.FromResult<Result<Comment>>(Find(commentId) is { } comment ? comment : ResourceError.NotFound("Comment", commentId));

    public async Task<Result<Comment>> Add(string commentId, string authorId, CommentInput input)
    {
        if (Find(commentId) is not null) return ResourceError.Conflict($"Comment '{commentId}' already exists.");
        var (text, invalid) = Validate(input);
        if (invalid is not null) return invalid;
        var now = time.GetUtcNow();
        var comment = new Comment(commentId, TaskId, authorId, text!, now, now, 1);
        if (await Write(state.State.Append([comment])) is { } failed) return failed;
        ConferenceMetrics.RecordCreated("comment");
        await Reindex();
        return comment;
    }

    public async Task<Result<Comment>> Edit(string commentId, string callerId, CommentInput input, long? expectedVersion)
    {
        if (Find(commentId) is not { } current) return ResourceError.NotFound("Comment", commentId);
        if (current.AuthorId != callerId) return new ResourceError(ErrorKind.Forbidden, "Only the author can edit a comment.");
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        var (text, invalid) = Validate(input);
        if (invalid is not null) return invalid;
        var comment = current with { Text = text!, UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 };
        if (await Write(state.State.Replace(c => c.Id == commentId, _ => comment)) is { } failed) return failed;
        ConferenceMetrics.RecordUpdated("comment");
        await Reindex();
        return comment;
    }

    public async Task<Result<long>> Delete(string commentId, string callerId, bool moderator, long? expectedVersion)
    {
        if (Find(commentId) is not { } current) return ResourceError.NotFound("Comment", commentId);
        if (current.AuthorId != callerId && !moderator) return new ResourceError(ErrorKind.Forbidden, "Only the author can delete a comment.");
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        if (await Write(state.State.Remove(c => c.Id == commentId)) is { } failed) return failed;
        ConferenceMetrics.RecordDeleted("comment");
        await Reindex();
        return current.Version;
    }

    public async Task Clear()
    {
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new SequencedList<Comment>();
    }

    /// <summary>
    /// Hands the comments' text to the project's search index after a write landed (best effort). The project comes
    /// from the task's links, which interleave, so this never waits on the task grain that may be calling us.
    /// </summary>
    private async Task Reindex()
    {
        try
        {
            if (await GrainFactory.GetGrain<ITaskGrain>(TaskId).GetLinks() is not { } links) return;
            await GrainFactory.GetGrain<ISearchIndexGrain>(links.ProjectId).SetComments(TaskId, state.State.Items.Select(c => c.Text).ToList());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The search index could not take the comments of task {TaskId}.", TaskId);
        }
    }

    private Comment? Find(string commentId) => state.State.Items.FirstOrDefault(c => c.Id == commentId);

    private static (string? Text, ResourceError? Error) Validate(CommentInput input)
    {
        var errors = new FieldErrors();
        var text = errors.Required("text", input.Text, MaxText);
        return errors.Any ? (null, errors.ToError()) : (text, null);
    }

    private async Task<ResourceError?> Write(SequencedList<Comment> next)
    {
        try
        {
            await state.Write(next);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ResourceError.Unavailable($"Storage is unavailable: {ex.GetType().Name}.");
        }
    }
}
