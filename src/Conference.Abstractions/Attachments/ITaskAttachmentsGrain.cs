using Conference.Common;

namespace Conference.Attachments;

/// <summary>The attachments' metadata of one task (key: task id), in upload order.</summary>
[Alias("conference.ITaskAttachmentsGrain")]
public interface ITaskAttachmentsGrain : IGrainWithStringKey
{
    [Alias("List")] Task<Page<Attachment>> List(PageRequest page);
    [Alias("Get")] Task<Result<Attachment>> Get(string attachmentId);

    /// <summary>Records an attachment whose bytes are already stored.</summary>
    [Alias("Add")] Task<Result<Attachment>> Add(Attachment attachment);

    /// <summary>The uploader may remove; so may a moderator (an admin or a project owner). Answers what was removed.</summary>
    [Alias("Remove")] Task<Result<Attachment>> Remove(string attachmentId, string callerId, bool moderator);

    /// <summary>The task was deleted: forgets every attachment and answers them, so their stored bytes can be removed.</summary>
    [Alias("RemoveAll")] Task<IReadOnlyList<Attachment>> RemoveAll();
}
