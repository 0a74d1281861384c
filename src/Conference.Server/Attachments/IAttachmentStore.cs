namespace Conference.Server.Attachments;

/// <summary>
/// Where attachment bytes live, by key (<c>{taskId}/{attachmentId}</c>). The metadata is in the task's attachments
/// grain; a store only keeps bytes.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores the complete file at <paramref name="sourcePath"/> (a finished, size-checked upload).</summary>
    Task Put(string key, string sourcePath, long size, string contentType, CancellationToken cancellation);

    /// <summary>Hands the object's bytes to <paramref name="consume"/>; false when there is no such object.</summary>
    Task<bool> Read(string key, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellation);

    /// <summary>Removes the object; removing one that does not exist is not an error.</summary>
    Task Delete(string key, CancellationToken cancellation);
}
