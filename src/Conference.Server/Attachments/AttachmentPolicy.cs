using Conference.Server.Auth;

namespace Conference.Server.Attachments;

/// <summary>
/// Attachments follow their task: readers list and download, writers upload (guests read only). The uploader
/// deletes their own; admins and the project's owners may delete anyone's.
/// </summary>
public sealed class AttachmentPolicy(TaskPolicy tasks, ProjectPolicy projects)
{
    public Task<IResult?> CanRead(Caller caller, string taskId) => tasks.CanRead(caller, taskId);

    public Task<IResult?> CanUpload(Caller caller, string taskId) => tasks.CanWrite(caller, taskId);

    /// <summary>Whether the caller may delete others' attachments on this task, or why they may delete none.</summary>
    public async Task<(bool Moderator, IResult? Denied)> CanDelete(Caller caller, string taskId)
    {
        var (task, hidden) = await tasks.Read(caller, taskId);
        if (hidden is not null) return (false, hidden);
        if (await projects.CanWrite(caller, task!.ProjectId) is { } denied) return (false, denied);
        return (caller.IsAdmin || await projects.CanAdminister(caller, task.ProjectId) is null, null);
    }
}
