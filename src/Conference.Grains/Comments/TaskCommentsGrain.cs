using Conference.Comments;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;

namespace Conference.Grains.Comments;

public sealed class TaskCommentsGrain(
    [PersistentState("taskComments", StorageNames.Store)] IPersistentState<TaskCommentsState> state,
    TimeProvider time) : Grain, ITaskCommentsGrain
{
    public const int MaxText = 20_000;

    private string TaskId => this.GetPrimaryKeyString();

    public Task<Page<Comment>> List(PageRequest page) =>
        Task.FromResult(SequencedPage.Of(state.State.Entries, e => e.Sequence, e => e.Comment, page));

    public Task<Result<Comment>> Get(string commentId) =>
        Task.FromResult<Result<Comment>>(Find(commentId) is { } entry ? entry.Comment : ResourceError.NotFound("Comment", commentId));

    public async Task<Result<Comment>> Add(string commentId, string authorId, CommentInput input)
    {
        if (Find(commentId) is not null) return ResourceError.Conflict($"Comment '{commentId}' already exists.");
        var (text, invalid) = Validate(input);
        if (invalid is not null) return invalid;
        var now = time.GetUtcNow();
        var comment = new Comment(commentId, TaskId, authorId, text!, now, now, 1);
        var entries = new List<CommentEntry>(state.State.Entries) { new(state.State.NextSequence, comment) };
        if (await Write(state.State with { NextSequence = state.State.NextSequence + 1, Entries = entries }) is { } failed) return failed;
        ConferenceMetrics.RecordCreated("comment");
        return comment;
    }

    public async Task<Result<Comment>> Edit(string commentId, string callerId, CommentInput input, long? expectedVersion)
    {
        if (Find(commentId) is not { } entry) return ResourceError.NotFound("Comment", commentId);
        if (entry.Comment.AuthorId != callerId) return new ResourceError(ErrorKind.Forbidden, "Only the author can edit a comment.");
        if (expectedVersion is { } expected && expected != entry.Comment.Version) return ResourceError.Stale(expected, entry.Comment.Version);
        var (text, invalid) = Validate(input);
        if (invalid is not null) return invalid;
        var comment = entry.Comment with { Text = text!, UpdatedAt = time.GetUtcNow(), Version = entry.Comment.Version + 1 };
        var entries = state.State.Entries.Select(e => e.Sequence == entry.Sequence ? e with { Comment = comment } : e).ToList();
        if (await Write(state.State with { Entries = entries }) is { } failed) return failed;
        ConferenceMetrics.RecordUpdated("comment");
        return comment;
    }

    public async Task<Result<long>> Delete(string commentId, string callerId, bool moderator, long? expectedVersion)
    {
        if (Find(commentId) is not { } entry) return ResourceError.NotFound("Comment", commentId);
        if (entry.Comment.AuthorId != callerId && !moderator)
            return new ResourceError(ErrorKind.Forbidden, "Only the author can delete a comment.");
        if (expectedVersion is { } expected && expected != entry.Comment.Version) return ResourceError.Stale(expected, entry.Comment.Version);
        var entries = state.State.Entries.Where(e => e.Sequence != entry.Sequence).ToList();
        if (await Write(state.State with { Entries = entries }) is { } failed) return failed;
        ConferenceMetrics.RecordDeleted("comment");
        return entry.Comment.Version;
    }

    public async Task Clear()
    {
        if (state.RecordExists) await state.ClearStateAsync();
    }

    private CommentEntry? Find(string commentId) => state.State.Entries.FirstOrDefault(e => e.Comment.Id == commentId);

    private static (string? Text, ResourceError? Error) Validate(CommentInput input)
    {
        var errors = new FieldErrors();
        var text = errors.Required("text", input.Text, MaxText);
        return errors.Any ? (null, errors.ToError()) : (text, null);
    }

    private async Task<ResourceError?> Write(TaskCommentsState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            state.State = previous;
            return ResourceError.Unavailable($"Storage is unavailable: {ex.GetType().Name}.");
        }
    }
}
