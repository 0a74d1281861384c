using Conference.Attachments;
using Conference.Common;
using Conference.Grains.Catalogs;

namespace Conference.Grains.Attachments;

[Placement.RequiresRole("core")]
public sealed class TaskAttachmentsGrain(
    [PersistentState("taskAttachments", StorageNames.Store)] IPersistentState<SequencedList<Attachment>> state)
    : Grain, ITaskAttachmentsGrain
{
    public Task<Page<Attachment>> List(PageRequest page) => Task.FromResult(state.State.Page(page));

    public Task<Result<Attachment>> Get(string attachmentId) =>
        Task.FromResult<Result<Attachment>>(Find(attachmentId) is { } found ? found : ResourceError.NotFound("Attachment", attachmentId));

    public async Task<Result<Attachment>> Add(Attachment attachment)
    {
        if (attachment.TaskId != this.GetPrimaryKeyString())
            return ResourceError.Invalid("taskId", "The attachment belongs to another task.");
        if (Find(attachment.Id) is not null) return ResourceError.Conflict($"Attachment '{attachment.Id}' already exists.");
        if (await Write(state.State.Append([attachment])) is { } failed) return failed;
        return attachment;
    }

    public async Task<Result<Attachment>> Remove(string attachmentId, string callerId, bool moderator)
    {
        if (Find(attachmentId) is not { } current) return ResourceError.NotFound("Attachment", attachmentId);
        if (current.UploadedBy != callerId && !moderator)
            return new ResourceError(ErrorKind.Forbidden, "Only the uploader, the project's owners and admins can delete an attachment.");
        if (await Write(state.State.Remove(a => a.Id == attachmentId)) is { } failed) return failed;
        return current;
    }

    public async Task<IReadOnlyList<Attachment>> RemoveAll()
    {
        var all = state.State.Items.ToList();
        if (all.Count > 0) await state.ClearStateAsync();
        return all;
    }

    private Attachment? Find(string attachmentId) => state.State.Items.FirstOrDefault(a => a.Id == attachmentId);

    private async Task<ResourceError?> Write(SequencedList<Attachment> next)
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
